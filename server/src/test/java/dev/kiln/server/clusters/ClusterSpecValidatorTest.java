package dev.kiln.server.clusters;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.KilnRuntime;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the spec validator, as a table of specs accepted and refused. */
class ClusterSpecValidatorTest {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final String BASE =
      "\"spark_version\":\"1.0.x-scala2.13\",\"node_type_id\":\"kiln-1c-2g\"";
  private static final RuntimeCatalog RUNTIMES =
      RuntimeCatalog.of(
          java.util.List.of(
              new KilnRuntime("1.0.x-scala2.13", "Kiln 1.0", "4.2.0", null, null, Path.of("/r"))));

  /** 16 GB to give: 8 x kiln-1c-2g. */
  private static final NodeTypeCatalog NODES = new NodeTypeCatalog(new HostCapacity(8, 16384));

  private static String tags(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> "\"t" + i + "\":\"v\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String keys(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> "\"ssh-rsa " + i + "\"")
        .collect(Collectors.joining(",", "[", "]"));
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("minimal", "{" + BASE + "}"),
        Arguments.of("fixed size", "{" + BASE + ",\"num_workers\":2}"),
        Arguments.of(
            "autoscale", "{" + BASE + ",\"autoscale\":{\"min_workers\":0,\"max_workers\":2}}"),
        Arguments.of(
            "num_workers with autoscale",
            "{" + BASE + ",\"num_workers\":1,\"autoscale\":{\"min_workers\":1,\"max_workers\":2}}"),
        Arguments.of(
            "pool instead of node type",
            "{\"spark_version\":\"1.0.x-scala2.13\",\"instance_pool_id\":\"p\"}"),
        Arguments.of("driver node type", "{" + BASE + ",\"driver_node_type_id\":\"kiln-2c-4g\"}"),
        Arguments.of("autotermination 0", "{" + BASE + ",\"autotermination_minutes\":0}"),
        Arguments.of("autotermination 10", "{" + BASE + ",\"autotermination_minutes\":10}"),
        Arguments.of("autotermination 10000", "{" + BASE + ",\"autotermination_minutes\":10000}"),
        Arguments.of("45 tags", "{" + BASE + ",\"custom_tags\":" + tags(45) + "}"),
        Arguments.of("10 ssh keys", "{" + BASE + ",\"ssh_public_keys\":" + keys(10) + "}"),
        Arguments.of(
            "100 char name", "{" + BASE + ",\"cluster_name\":\"" + "n".repeat(100) + "\"}"),
        Arguments.of(
            "init scripts",
            "{"
                + BASE
                + ",\"init_scripts\":[{\"workspace\":{\"destination\":\"/Users/a/i.sh\"}},"
                + "{\"dbfs\":{\"destination\":\"dbfs:/i.sh\"}},{\"file\":{\"destination\":\"/i.sh\"}}]}"),
        Arguments.of(
            "dbfs logs",
            "{" + BASE + ",\"cluster_log_conf\":{\"dbfs\":{\"destination\":\"dbfs:/logs\"}}}"),
        Arguments.of("engine STANDARD", "{" + BASE + ",\"runtime_engine\":\"STANDARD\"}"),
        Arguments.of("engine NULL", "{" + BASE + ",\"runtime_engine\":\"NULL\"}"),
        Arguments.of("security mode", "{" + BASE + ",\"data_security_mode\":\"SINGLE_USER\"}"),
        Arguments.of("spark conf", "{" + BASE + ",\"spark_conf\":{\"spark.x\":\"1\"}}"),
        Arguments.of(
            "aws attributes ignored",
            "{" + BASE + ",\"aws_attributes\":{\"availability\":\"SPOT\"}}"),
        Arguments.of("memory exactly fits", "{" + BASE + ",\"num_workers\":7}"),
        Arguments.of(
            "executor memory that fits a worker",
            "{" + BASE + ",\"spark_conf\":{\"spark.executor.memory\":\"1536m\"}}"),
        Arguments.of(
            "executor memory in GiB",
            "{" + BASE + ",\"spark_conf\":{\"spark.executor.memory\":\"1g\"}}"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "executor memory larger than a worker gives",
            "{" + BASE + ",\"spark_conf\":{\"spark.executor.memory\":\"2g\"}}",
            "gives executors 1536 MB"),
        Arguments.of(
            "executor memory that is not a size",
            "{" + BASE + ",\"spark_conf\":{\"spark.executor.memory\":\"lots\"}}",
            "not a size"),
        Arguments.of("no spark_version", "{\"node_type_id\":\"kiln-1c-2g\"}", "spark_version"),
        Arguments.of(
            "unknown spark_version",
            "{\"spark_version\":\"13.3.x-scala2.12\",\"node_type_id\":\"kiln-1c-2g\"}",
            "Valid versions are: 1.0.x-scala2.13"),
        Arguments.of("no node type", "{\"spark_version\":\"1.0.x-scala2.13\"}", "node_type_id"),
        Arguments.of(
            "unknown node type",
            "{\"spark_version\":\"1.0.x-scala2.13\",\"node_type_id\":\"i3.xlarge\"}",
            "i3.xlarge"),
        Arguments.of(
            "node type too big for host",
            "{\"spark_version\":\"1.0.x-scala2.13\",\"node_type_id\":\"kiln-8c-32g\"}",
            "kiln-8c-32g"),
        Arguments.of(
            "unknown driver node type",
            "{" + BASE + ",\"driver_node_type_id\":\"nope\"}",
            "driver_node_type_id"),
        Arguments.of("negative workers", "{" + BASE + ",\"num_workers\":-1}", "num_workers"),
        Arguments.of(
            "autoscale min < 0",
            "{" + BASE + ",\"autoscale\":{\"min_workers\":-1,\"max_workers\":2}}",
            "min_workers"),
        Arguments.of(
            "autoscale max < 1",
            "{" + BASE + ",\"autoscale\":{\"min_workers\":0,\"max_workers\":0}}",
            "max_workers must be at least 1"),
        Arguments.of(
            "autoscale max < min",
            "{" + BASE + ",\"autoscale\":{\"min_workers\":3,\"max_workers\":2}}",
            "greater than or equal"),
        Arguments.of(
            "autoscale missing max",
            "{" + BASE + ",\"autoscale\":{\"min_workers\":1}}",
            "both min_workers and max_workers"),
        Arguments.of(
            "autotermination 9", "{" + BASE + ",\"autotermination_minutes\":9}", "10 and 10000"),
        Arguments.of(
            "autotermination 10001", "{" + BASE + ",\"autotermination_minutes\":10001}", "10001"),
        Arguments.of("46 tags", "{" + BASE + ",\"custom_tags\":" + tags(46) + "}", "45"),
        Arguments.of("empty tag key", "{" + BASE + ",\"custom_tags\":{\"\":\"v\"}}", "custom_tags"),
        Arguments.of("11 ssh keys", "{" + BASE + ",\"ssh_public_keys\":" + keys(11) + "}", "10"),
        Arguments.of(
            "101 char name", "{" + BASE + ",\"cluster_name\":\"" + "n".repeat(101) + "\"}", "100"),
        Arguments.of(
            "init script with none", "{" + BASE + ",\"init_scripts\":[{}]}", "exactly one"),
        Arguments.of(
            "init script with two",
            "{"
                + BASE
                + ",\"init_scripts\":[{\"workspace\":{\"destination\":\"/a\"},"
                + "\"file\":{\"destination\":\"/b\"}}]}",
            "exactly one"),
        Arguments.of(
            "s3 init script",
            "{" + BASE + ",\"init_scripts\":[{\"s3\":{\"destination\":\"s3://b/i.sh\"}}]}",
            "s3 init scripts are not supported by Kiln"),
        Arguments.of(
            "volumes init script",
            "{" + BASE + ",\"init_scripts\":[{\"volumes\":{\"destination\":\"/Volumes/a\"}}]}",
            "volumes init scripts are not supported"),
        Arguments.of(
            "abfss init script",
            "{" + BASE + ",\"init_scripts\":[{\"abfss\":{\"destination\":\"abfss://x\"}}]}",
            "abfss"),
        Arguments.of(
            "gcs init script",
            "{" + BASE + ",\"init_scripts\":[{\"gcs\":{\"destination\":\"gs://x\"}}]}",
            "gcs"),
        Arguments.of(
            "relative init script",
            "{" + BASE + ",\"init_scripts\":[{\"workspace\":{\"destination\":\"a/i.sh\"}}]}",
            "absolute path"),
        Arguments.of(
            "init script without destination",
            "{" + BASE + ",\"init_scripts\":[{\"dbfs\":{}}]}",
            "init_scripts[0].dbfs.destination"),
        Arguments.of(
            "s3 logs",
            "{" + BASE + ",\"cluster_log_conf\":{\"s3\":{\"destination\":\"s3://b\"}}}",
            "cluster_log_conf.s3 is not supported by Kiln"),
        Arguments.of(
            "volumes logs",
            "{" + BASE + ",\"cluster_log_conf\":{\"volumes\":{\"destination\":\"/Volumes/x\"}}}",
            "cluster_log_conf.volumes"),
        Arguments.of(
            "relative dbfs logs",
            "{" + BASE + ",\"cluster_log_conf\":{\"dbfs\":{\"destination\":\"logs\"}}}",
            "absolute"),
        Arguments.of("empty log conf", "{" + BASE + ",\"cluster_log_conf\":{}}", "exactly one"),
        Arguments.of(
            "photon", "{" + BASE + ",\"runtime_engine\":\"PHOTON\"}", "PHOTON is not supported"),
        Arguments.of("bad engine", "{" + BASE + ",\"runtime_engine\":\"TURBO\"}", "TURBO"),
        Arguments.of(
            "docker image",
            "{" + BASE + ",\"docker_image\":{\"url\":\"x\"}}",
            "docker_image is not supported"),
        Arguments.of("bad security mode", "{" + BASE + ",\"data_security_mode\":\"OPEN\"}", "OPEN"),
        Arguments.of(
            "empty spark conf key", "{" + BASE + ",\"spark_conf\":{\"\":\"1\"}}", "spark_conf"),
        Arguments.of(
            "more memory than the host", "{" + BASE + ",\"num_workers\":8}", "needs 18432 MB"),
        Arguments.of(
            "autoscale max counts for memory",
            "{" + BASE + ",\"autoscale\":{\"min_workers\":1,\"max_workers\":20}}",
            "43008 MB"));
  }

  private static ClusterSpec spec(String json) throws Exception {
    return MAPPER.readValue(json, ClusterSpec.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void accepts(String name, String json) throws Exception {
    ClusterSpec spec = spec(json);
    assertThatCode(() -> ClusterSpecValidator.validate(spec, RUNTIMES, NODES))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refuses(String name, String json, String messagePart) throws Exception {
    ClusterSpec spec = spec(json);
    assertThatThrownBy(() -> ClusterSpecValidator.validate(spec, RUNTIMES, NODES))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining(messagePart);
  }
}
