package dev.kiln.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.server.KilnServer;
import dev.kiln.server.config.KilnConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route the server serves is in the OpenAPI description, and nothing else is. */
class OpenApiCoverageTest {
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "post", "put", "patch", "delete", "head", "options");

  @Test
  void everyServedRouteIsDescribedAndEveryDescribedRouteIsServed(@TempDir Path home)
      throws Exception {
    Set<String> served;
    try (KilnServer server =
        KilnServer.start(KilnConfig.defaults(home).withPort(0), Clock.systemUTC())) {
      served =
          server.routes().stream()
              .map(r -> r.method() + " " + r.openApiPath())
              .collect(Collectors.toCollection(TreeSet::new));
    }
    ObjectNode spec = OpenApi.load();
    Set<String> described = new TreeSet<>();
    spec.get("paths")
        .properties()
        .forEach(
            path -> {
              JsonNode item = path.getValue();
              item.fieldNames()
                  .forEachRemaining(
                      m -> {
                        if (HTTP_METHODS.contains(m)) {
                          described.add(m + " " + path.getKey());
                        }
                      });
            });
    assertThat(served).as("routes without an OpenAPI description").isSubsetOf(described);
    assertThat(described).as("described routes that are not served").isSubsetOf(served);
  }

  @Test
  void everyOperationHasASummaryAndResponses() {
    ObjectNode spec = OpenApi.load();
    spec.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (HTTP_METHODS.contains(op.getKey())) {
                            String where = op.getKey() + " " + path.getKey();
                            assertThat(op.getValue().path("summary").asText())
                                .as(where)
                                .isNotBlank();
                            assertThat(op.getValue().path("responses").isObject())
                                .as(where)
                                .isTrue();
                          }
                        }));
  }
}
