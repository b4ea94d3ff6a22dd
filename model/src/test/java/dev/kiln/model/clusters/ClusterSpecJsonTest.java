package dev.kiln.model.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cluster specs on the wire: real Databricks payloads survive, and update masks merge. */
class ClusterSpecJsonTest {
  private static final ObjectMapper MAPPER = Json.mapper();

  private static ClusterSpec read(String json) throws Exception {
    return MAPPER.readValue(json, ClusterSpec.class);
  }

  @Test
  void databricksCreatePayloadRoundTripsWithCloudBlocksVerbatim() throws Exception {
    String json =
        "{\"cluster_name\":\"x\",\"spark_version\":\"1.0.x-scala2.13\","
            + "\"node_type_id\":\"kiln-1c-2g\",\"num_workers\":2,\"spark_conf\":{\"a\":\"b\"},"
            + "\"aws_attributes\":{\"availability\":\"SPOT\"}}";
    ClusterSpec spec = read(json);
    assertThat(spec.numWorkers()).isEqualTo(2);
    assertThat(spec.sparkConf()).containsEntry("a", "b");
    assertThat(MAPPER.readTree(MAPPER.writeValueAsString(spec))).isEqualTo(MAPPER.readTree(json));
  }

  @Test
  void everyFieldRoundTrips() throws Exception {
    String json =
        """
        {"cluster_name":"n","spark_version":"1.0.x-scala2.13","num_workers":2,"autoscale":{"min_workers":1,
        "max_workers":3},"node_type_id":"kiln-2c-4g","driver_node_type_id":"kiln-4c-8g",
        "autotermination_minutes":30,"spark_conf":{"k":"v"},"spark_env_vars":{"E":"1"},
        "custom_tags":{"team":"a"},"ssh_public_keys":["ssh-rsa AAA"],
        "init_scripts":[{"workspace":{"destination":"/Users/a/init.sh"}},
        {"s3":{"destination":"s3://b/i.sh","region":"us-west-2","enable_encryption":true}}],
        "cluster_log_conf":{"dbfs":{"destination":"dbfs:/logs"}},"instance_pool_id":"p1",
        "driver_instance_pool_id":"p2","policy_id":"pol","apply_policy_default_values":true,
        "data_security_mode":"SINGLE_USER","single_user_name":"ann","runtime_engine":"STANDARD",
        "docker_image":{"url":"u","basic_auth":{"username":"a","password":"b"}},
        "aws_attributes":{"first_on_demand":1},"azure_attributes":{"availability":"SPOT_AZURE"},
        "gcp_attributes":{"local_ssd_count":2},"enable_elastic_disk":false,
        "enable_local_disk_encryption":true,"kind":"CLASSIC_PREVIEW","is_single_node":false,
        "use_ml_runtime":false,"workload_type":{"clients":{"jobs":true,"notebooks":false}},
        "clone_from":{"source_cluster_id":"c"},"cluster_source":"UI",
        "dependency_mode":"X","worker_node_type_flexibility":{"alternate_node_type_ids":["a"]},
        "driver_node_type_flexibility":{"alternate_node_type_ids":["b"]},
        "remote_disk_throughput":250,"total_initial_remote_disk_size":100}
        """;
    ClusterSpec spec = read(json);
    assertThat(MAPPER.readTree(MAPPER.writeValueAsString(spec))).isEqualTo(MAPPER.readTree(json));
    assertThat(spec.initScripts().get(1).s3().region()).isEqualTo("us-west-2");
    assertThat(ClusterSpec.FIELDS).hasSize(MAPPER.readTree(json).size());
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    assertThat(read("{\"spark_version\":\"v\",\"future_field\":{\"a\":1}}").sparkVersion())
        .isEqualTo("v");
  }

  @Test
  void withNumWorkersDropsAutoscaleAndBack() {
    ClusterSpec spec = ClusterSpec.of("n", "v", "t", 2).withAutoscale(new AutoScale(1, 4));
    assertThat(spec.numWorkers()).isNull();
    assertThat(spec.maxWorkers()).isEqualTo(4);
    ClusterSpec fixed = spec.withNumWorkers(3);
    assertThat(fixed.autoscale()).isNull();
    assertThat(fixed.maxWorkers()).isEqualTo(3);
    assertThat(fixed.clusterName()).isEqualTo("n");
  }

  @Test
  void driverNodeTypeDefaultsToNodeType() {
    assertThat(ClusterSpec.of("n", "v", "t", 0).effectiveDriverNodeTypeId()).isEqualTo("t");
  }

  @Test
  void mergeTakesMaskedFieldsFromPatchAndClearsAbsentOnes() throws Exception {
    ClusterSpec base =
        read(
            "{\"cluster_name\":\"a\",\"spark_version\":\"v\",\"num_workers\":1,"
                + "\"spark_conf\":{\"x\":\"1\"},\"custom_tags\":{\"t\":\"1\"}}");
    ClusterSpec patch = read("{\"cluster_name\":\"b\",\"num_workers\":5,\"spark_version\":\"w\"}");
    ClusterSpec merged =
        ClusterSpec.merge(
            base, patch, ClusterSpec.parseMask("cluster_name, num_workers,spark_conf"));
    assertThat(merged.clusterName()).isEqualTo("b");
    assertThat(merged.numWorkers()).isEqualTo(5);
    assertThat(merged.sparkConf()).isNull();
    assertThat(merged.sparkVersion()).isEqualTo("v");
    assertThat(merged.customTags()).containsEntry("t", "1");
  }

  @Test
  void mergeRefusesUnknownFieldNamingIt() {
    ClusterSpec base = ClusterSpec.of("n", "v", "t", 1);
    assertThatThrownBy(() -> ClusterSpec.merge(base, base, List.of("num_workers", "nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nope");
    assertThatThrownBy(() -> ClusterSpec.merge(base, base, List.of("numWorkers")))
        .hasMessage("numWorkers");
  }

  @Test
  void parseMaskSplitsAndTrims() {
    assertThat(ClusterSpec.parseMask(" a , b,,c ")).containsExactly("a", "b", "c");
    assertThat(ClusterSpec.parseMask(null)).isEmpty();
  }

  @Test
  void initScriptKindsAndDestination() {
    assertThat(InitScriptInfo.workspace("/a").kinds()).containsExactly("workspace");
    assertThat(InitScriptInfo.dbfs("dbfs:/a").destination()).isEqualTo("dbfs:/a");
    InitScriptInfo two =
        new InitScriptInfo(
            new Destination("/a"), null, null, null, null, null, new Destination("/b"));
    assertThat(two.kinds()).containsExactly("workspace", "file");
    assertThat(two.destination()).isNull();
    assertThat(new InitScriptInfo(null, null, null, null, null, null, null).kinds()).isEmpty();
  }

  @Test
  void updateRequestParses() throws Exception {
    UpdateClusterRequest req =
        MAPPER.readValue(
            "{\"cluster_id\":\"c\",\"update_mask\":\"num_workers\",\"cluster\":{\"num_workers\":3}}",
            UpdateClusterRequest.class);
    assertThat(req.cluster().numWorkers()).isEqualTo(3);
    JsonNode back = MAPPER.valueToTree(req);
    assertThat(back.get("update_mask").asText()).isEqualTo("num_workers");
  }
}
