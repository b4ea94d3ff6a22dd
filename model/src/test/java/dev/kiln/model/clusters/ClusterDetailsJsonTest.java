package dev.kiln.model.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster details, events and catalogs as the SDKs read them. */
class ClusterDetailsJsonTest {
  private static final ObjectMapper MAPPER = Json.mapper();

  private static ClusterInfo info() {
    return new ClusterInfo(
        "0308-101010-abcdefgh",
        "ann",
        ClusterState.TERMINATED,
        "Inactive cluster terminated (inactive for 120 minutes).",
        1L,
        3L,
        2L,
        null,
        2L,
        TerminationReason.inactivity(120),
        new SparkNode("n0", "i0", "127.0.0.1", null, "127.0.0.1", 1L, null),
        List.of(),
        7L,
        10000,
        4096L,
        2.0,
        Map.of("Vendor", "Databricks"),
        null,
        "http://h/driver-proxy/0308-101010-abcdefgh/",
        "sc://127.0.0.1:15002/;use_ssl=false");
  }

  @Test
  void detailsAreSpecFieldsFlatPlusInfoPlusSpec() {
    ClusterSpec spec =
        ClusterSpec.fromJson(
            MAPPER
                .createObjectNode()
                .put("cluster_name", "x")
                .put("spark_version", "1.0.x-scala2.13")
                .put("num_workers", 2)
                .put("apply_policy_default_values", true)
                .set("aws_attributes", MAPPER.createObjectNode().put("availability", "SPOT")));
    ClusterDetails details = ClusterDetails.of(spec, info());
    JsonNode json = MAPPER.valueToTree(details);
    assertThat(json.get("cluster_name").asText()).isEqualTo("x");
    assertThat(json.get("num_workers").asInt()).isEqualTo(2);
    assertThat(json.get("state").asText()).isEqualTo("TERMINATED");
    assertThat(json.at("/aws_attributes/availability").asText()).isEqualTo("SPOT");
    assertThat(json.has("apply_policy_default_values")).isFalse();
    assertThat(json.at("/spec/apply_policy_default_values").asBoolean()).isTrue();
    assertThat(json.at("/termination_reason/code").asText()).isEqualTo("INACTIVITY");
    assertThat(json.at("/termination_reason/type").asText()).isEqualTo("SUCCESS");
    assertThat(json.at("/termination_reason/parameters/inactivity_duration_min").asText())
        .isEqualTo("120");
    assertThat(json.at("/driver/private_ip").asText()).isEqualTo("127.0.0.1");
    assertThat(json.get("cluster_cores").isFloatingPointNumber()).isTrue();
    assertThat(json.get("spark_ui_url").asText()).endsWith("/driver-proxy/0308-101010-abcdefgh/");
    assertThat(details.info()).isEqualTo(info());
    assertThat(details.flatSpec().sparkVersion()).isEqualTo("1.0.x-scala2.13");
    ClusterDetails listed = details.withoutSpec();
    assertThat(listed.spec()).isNull();
    assertThat(MAPPER.valueToTree(listed).has("spec")).isFalse();
    assertThat(listed.clusterId()).isEqualTo(details.clusterId());
  }

  @Test
  void lastEventsPageOmitsNextPage() {
    ClusterEvent event =
        new ClusterEvent(
            "c",
            5L,
            EventType.TERMINATING,
            EventDetails.builder().reason(TerminationReason.userRequest("ann")).build(),
            null);
    JsonNode last = MAPPER.valueToTree(new GetEventsResponse(List.of(event), null, 1L, null, null));
    assertThat(last.has("next_page")).isFalse();
    assertThat(last.has("next_page_token")).isFalse();
    assertThat(last.at("/events/0/type").asText()).isEqualTo("TERMINATING");
    assertThat(last.at("/events/0/details/reason/parameters/username").asText()).isEqualTo("ann");
    JsonNode more =
        MAPPER.valueToTree(
            new GetEventsResponse(
                List.of(), GetEventsRequest.of("c").withOffset(50L), 99L, "t", null));
    assertThat(more.at("/next_page/offset").asLong()).isEqualTo(50);
    assertThat(more.at("/next_page/cluster_id").asText()).isEqualTo("c");
  }

  @Test
  void eventsRequestKeepsUnknownTypesAsText() throws Exception {
    GetEventsRequest req =
        MAPPER.readValue(
            "{\"cluster_id\":\"c\",\"event_types\":[\"RUNNING\",\"BOGUS\"],\"order\":\"ASC\","
                + "\"limit\":\"10\"}",
            GetEventsRequest.class);
    assertThat(req.eventTypes()).containsExactly("RUNNING", "BOGUS");
    assertThat(req.limit()).isEqualTo(10L);
  }

  @Test
  void nodeTypeUsesIsPrefixedNames() {
    NodeType t =
        new NodeType(
            "kiln-1c-2g",
            2048L,
            1.0,
            "d",
            "kiln-1c-2g",
            "General Purpose",
            0L,
            false,
            false,
            false,
            true,
            false,
            false,
            false,
            false,
            new NodeInstanceType("kiln-1c-2g", 0L, 0L, 0L, 0L),
            new NodeInfo(List.of()),
            1L,
            false,
            true);
    JsonNode json = MAPPER.valueToTree(t);
    assertThat(json.get("is_deprecated").isBoolean()).isTrue();
    assertThat(json.get("is_io_cache_enabled").isBoolean()).isTrue();
    assertThat(json.get("num_cores").isFloatingPointNumber()).isTrue();
    assertThat(json.at("/node_instance_type/local_nvme_disk_size_gb").asLong()).isZero();
    assertThat(json.at("/node_info/status").isArray()).isTrue();
    assertThat(json.size()).isEqualTo(NodeType.class.getRecordComponents().length);
  }

  @Test
  void terminationCodesCarryTheirDefaultType() {
    assertThat(TerminationReason.of(TerminationCode.JOB_FINISHED, null))
        .isEqualTo(new TerminationReason("JOB_FINISHED", "SUCCESS", Map.of()));
    assertThat(TerminationCode.INIT_SCRIPT_FAILURE.defaultType())
        .isEqualTo(TerminationReasonType.CLIENT_ERROR);
    assertThat(TerminationCode.CLOUD_PROVIDER_RESOURCE_STOCKOUT.defaultType())
        .isEqualTo(TerminationReasonType.CLOUD_FAILURE);
    assertThat(TerminationCode.INTERNAL_ERROR.defaultType())
        .isEqualTo(TerminationReasonType.SERVICE_FAULT);
  }
}
