package dev.kiln.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clusters fragment merges, names both API versions, and every reference resolves. */
class ClustersOpenApiTest {
  private static final List<String> POSTS =
      List.of(
          "create",
          "edit",
          "update",
          "start",
          "restart",
          "resize",
          "delete",
          "permanent-delete",
          "pin",
          "unpin",
          "change-owner",
          "events");
  private static final List<String> GETS =
      List.of("get", "list", "list-node-types", "spark-versions", "list-zones");

  @Test
  void everyClustersRouteIsDescribedAtBothVersions() {
    JsonNode paths = OpenApi.load().get("paths");
    for (String version : List.of("2.0", "2.1")) {
      for (String name : POSTS) {
        assertThat(paths.at("/~1api~1" + version + "~1clusters~1" + name + "/post").isObject())
            .as(version + " " + name)
            .isTrue();
      }
      for (String name : GETS) {
        assertThat(paths.at("/~1api~1" + version + "~1clusters~1" + name + "/get").isObject())
            .as(version + " " + name)
            .isTrue();
      }
    }
    assertThat(paths.has("/api/2.1/clusters/logs/list")).isTrue();
    assertThat(paths.has("/api/2.1/clusters/logs")).isTrue();
    assertThat(paths.has("/driver-proxy/{cluster_id}/{path}")).isTrue();
  }

  @Test
  void everyReferenceResolves() {
    ObjectNode spec = OpenApi.load();
    List<String> refs = new ArrayList<>();
    collect(spec, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(spec.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static void collect(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asText());
                } else {
                  collect(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, refs));
    }
  }
}
