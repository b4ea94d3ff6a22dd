package dev.kiln.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.databricks.sdk.mixin.ClustersExt;
import com.databricks.sdk.mixin.NodeTypeSelector;
import com.databricks.sdk.mixin.SparkVersionSelector;
import com.databricks.sdk.service.compute.ClustersService;
import com.databricks.sdk.service.compute.GetSparkVersionsResponse;
import com.databricks.sdk.service.compute.ListNodeTypesResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import dev.kiln.server.compute.RuntimeCatalogTest;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java SDK's own helpers ({@code ClustersExt.selectSparkVersion}, {@code selectNodeType}) on
 * Kiln's answers, passed through JSON as the SDK would read them off the wire.
 */
class SdkSelectorsTest {
  private static final ObjectMapper KILN = Json.mapper();
  private static final ObjectMapper SDK = SerDeUtils.createMapper();

  private static ClustersExt clusters(Object versions, Object nodeTypes) {
    ClustersService service =
        (ClustersService)
            Proxy.newProxyInstance(
                ClustersService.class.getClassLoader(),
                new Class<?>[] {ClustersService.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "sparkVersions" -> viaJson(versions, GetSparkVersionsResponse.class);
                      case "listNodeTypes" -> viaJson(nodeTypes, ListNodeTypesResponse.class);
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return new ClustersExt(service);
  }

  private static <T> T viaJson(Object kiln, Class<T> sdkType) throws Exception {
    return SDK.readValue(KILN.writeValueAsString(kiln), sdkType);
  }

  private static ClustersExt kiln(Path dir) throws Exception {
    RuntimeCatalog runtimes =
        RuntimeCatalog.load(
            RuntimeCatalogTest.runtime(
                dir,
                RuntimeCatalogTest.descriptor(RuntimeCatalogTest.KEY, RuntimeCatalogTest.NAME)));
    NodeTypeCatalog nodes = new NodeTypeCatalog(new HostCapacity(32, 64 * 1024));
    return clusters(
        new dev.kiln.model.clusters.GetSparkVersionsResponse(runtimes.versions()),
        new dev.kiln.model.clusters.ListNodeTypesResponse(nodes.all()));
  }

  @Test
  void selectsTheKilnRuntimeByScalaAndSparkVersion(@TempDir Path dir) throws Exception {
    ClustersExt clusters = kiln(dir);
    assertThat(clusters.selectSparkVersion(new SparkVersionSelector().withScala("2.13")))
        .isEqualTo(RuntimeCatalogTest.KEY);
    assertThat(
            clusters.selectSparkVersion(
                new SparkVersionSelector().withScala("2.13").withSparkVersion("4.2")))
        .isEqualTo(RuntimeCatalogTest.KEY);
    assertThat(
            clusters.selectSparkVersion(new SparkVersionSelector().withScala("2.13").withLatest()))
        .isEqualTo(RuntimeCatalogTest.KEY);
  }

  @Test
  void theDefaultSelectorFindsKilnButLongTermSupportDoesNot(@TempDir Path dir) throws Exception {
    ClustersExt clusters = kiln(dir);
    assertThat(clusters.selectSparkVersion(new SparkVersionSelector()))
        .isEqualTo(RuntimeCatalogTest.KEY);
    assertThatThrownBy(
            () -> clusters.selectSparkVersion(new SparkVersionSelector().withLongTermSupport()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> clusters.selectSparkVersion(new SparkVersionSelector().withScala("2.12")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void selectsTheSmallestFittingNodeType(@TempDir Path dir) throws Exception {
    ClustersExt clusters = kiln(dir);
    assertThat(clusters.selectNodeType(new NodeTypeSelector())).isEqualTo("kiln-1c-2g");
    assertThat(clusters.selectNodeType(new NodeTypeSelector().withMinMemoryGb(8)))
        .isEqualTo("kiln-2c-8g");
    assertThat(clusters.selectNodeType(new NodeTypeSelector().withMinCores(4)))
        .isEqualTo("kiln-4c-8g");
    assertThat(
            clusters.selectNodeType(
                new NodeTypeSelector().withCategory(NodeTypeCatalog.MEMORY_OPTIMIZED)))
        .isEqualTo("kiln-1c-4g");
  }

  @Test
  void nothingSelectedWhenVersionsAreEmpty() {
    ClustersExt clusters =
        clusters(
            new dev.kiln.model.clusters.GetSparkVersionsResponse(List.of()),
            new dev.kiln.model.clusters.ListNodeTypesResponse(List.of()));
    assertThatThrownBy(
            () -> clusters.selectSparkVersion(new SparkVersionSelector().withScala("2.13")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
