package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ListNodeTypesResponse;
import dev.kiln.model.clusters.NodeType;
import org.junit.jupiter.api.Test;

/** Node types are the slices of the host that fit it, with every field set. */
class NodeTypeCatalogTest {
  @Test
  void bigHostOffersEverySlice() {
    NodeTypeCatalog catalog = new NodeTypeCatalog(new HostCapacity(64, 128 * 1024));
    assertThat(catalog.ids())
        .containsExactly(
            "kiln-1c-2g",
            "kiln-1c-4g",
            "kiln-2c-4g",
            "kiln-2c-8g",
            "kiln-4c-8g",
            "kiln-4c-16g",
            "kiln-8c-32g");
    assertThat(catalog.defaultType().nodeTypeId()).isEqualTo("kiln-1c-2g");
  }

  @Test
  void onlySlicesThatFitAreOffered() {
    NodeTypeCatalog catalog = new NodeTypeCatalog(new HostCapacity(2, 8 * 1024));
    assertThat(catalog.ids())
        .containsExactly("kiln-1c-2g", "kiln-1c-4g", "kiln-2c-4g", "kiln-2c-8g");
    assertThat(catalog.find("kiln-4c-8g")).isEmpty();
    assertThat(catalog.find("kiln-2c-8g")).isPresent();
  }

  @Test
  void sliceFieldsDescribeTheSlice() {
    NodeType t =
        new NodeTypeCatalog(new HostCapacity(16, 64 * 1024)).find("kiln-2c-8g").orElseThrow();
    assertThat(t.memoryMb()).isEqualTo(8192);
    assertThat(t.numCores()).isEqualTo(2.0);
    assertThat(t.instanceTypeId()).isEqualTo("kiln-2c-8g");
    assertThat(t.description()).isEqualTo("2 cores, 8 GB (local slice)");
    assertThat(t.category()).isEqualTo(NodeTypeCatalog.MEMORY_OPTIMIZED);
    assertThat(new NodeTypeCatalog(new HostCapacity(16, 64 * 1024)).defaultType().description())
        .isEqualTo("1 core, 2 GB (local slice)");
  }

  @Test
  void noFieldIsEverNullOnTheWire() {
    NodeTypeCatalog catalog = new NodeTypeCatalog(new HostCapacity(64, 128 * 1024));
    JsonNode json = Json.mapper().valueToTree(new ListNodeTypesResponse(catalog.all()));
    int fields = NodeType.class.getRecordComponents().length;
    for (JsonNode t : json.get("node_types")) {
      assertThat(t.size()).as(t.toString()).isEqualTo(fields);
      assertThat(t.get("node_instance_type").size()).isEqualTo(5);
      assertThat(t.at("/node_info/status").isArray()).isTrue();
    }
  }

  @Test
  void tooSmallHostHasNoDefault() {
    NodeTypeCatalog catalog = new NodeTypeCatalog(HostCapacity.of(1, 3000));
    assertThat(catalog.all()).isEmpty();
    assertThatThrownBy(catalog::defaultType)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("952 MB");
  }
}
