package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.RUNTIME;
import static dev.kiln.it.ClusterCalls.SMALL;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.mixin.NodeTypeSelector;
import com.databricks.sdk.mixin.SparkVersionSelector;
import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterEvent;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.EditCluster;
import com.databricks.sdk.service.compute.EventType;
import com.databricks.sdk.service.compute.GetEvents;
import com.databricks.sdk.service.compute.GetEventsOrder;
import com.databricks.sdk.service.compute.ListClustersFilterBy;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.NodeType;
import com.databricks.sdk.service.compute.ResizeCluster;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Clusters API's contract through the official Java SDK, without waiting for Spark: catalogs,
 * validation, state rules, events paging, listing. The clusters here are terminated as soon as they
 * are created; {@link ClusterLifecycleIT} runs real ones.
 */
class ClustersApiIT extends ServerIT {
  static String terminated;
  static final List<String> created = new ArrayList<>();

  @BeforeAll
  static void oneTerminatedCluster() throws Exception {
    terminated = admin.clusters().create(small("api", 1)).getResponse().getClusterId();
    created.add(terminated);
    admin.clusters().delete(terminated).get(Duration.ofMinutes(1));
  }

  @AfterAll
  static void noProcessesLeft() {
    created.forEach(ClusterCalls::killLeftovers);
    created.forEach(ClusterCalls::assertNoProcessesLeft);
  }

  @Test
  void sparkVersionsNameTheRuntimeAndTheSdkSelectorPicksIt() {
    var versions = admin.clusters().sparkVersions().getVersions();
    assertThat(versions)
        .anySatisfy(
            v -> {
              assertThat(v.getKey()).isEqualTo(RUNTIME);
              assertThat(v.getName()).contains("Kiln Runtime").contains("Apache Spark 4.2.0");
            });
    assertThat(admin.clusters().selectSparkVersion(new SparkVersionSelector().withLatest()))
        .isEqualTo(RUNTIME);
  }

  @Test
  void nodeTypesAreSlicesOfThisHostWithEverySortedFieldSet() {
    Collection<NodeType> types = admin.clusters().listNodeTypes().getNodeTypes();
    assertThat(types).extracting(NodeType::getNodeTypeId).contains(SMALL);
    for (NodeType t : types) {
      assertThat(t.getNumCores()).isPositive();
      assertThat(t.getMemoryMb()).isPositive();
      assertThat(t.getIsDeprecated()).isNotNull();
      assertThat(t.getInstanceTypeId()).isNotNull();
      assertThat(t.getNumGpus()).isNotNull();
      assertThat(t.getNodeInstanceType()).isNotNull();
    }
    assertThat(admin.clusters().selectNodeType(new NodeTypeSelector().withMinCores(1)))
        .isEqualTo(SMALL);
    assertThat(admin.clusters().listZones().getDefaultZone()).isNotBlank();
  }

  @Test
  void invalidSpecsAreRefusedWithTheDocumentedCode() {
    Map<String, CreateCluster> invalid =
        Map.of(
            "unknown version", small("bad", 1).setSparkVersion("13.3.x-scala2.12"),
            "unknown node type", small("bad", 1).setNodeTypeId("i3.xlarge"),
            "negative workers", small("bad", 1).setNumWorkers(-1L),
            "autotermination too short", small("bad", 1).setAutoterminationMinutes(5L),
            "bad autoscale",
                small("bad", 1).setAutoscale(new AutoScale().setMinWorkers(3L).setMaxWorkers(1L)),
            "larger than the host", small("bad", 100_000));
    invalid.forEach(
        (why, spec) ->
            assertThatThrownBy(() -> admin.clusters().create(spec), why)
                .isInstanceOf(InvalidParameterValue.class));
    HttpResponse<String> noVersion =
        server.call("POST", "/api/2.1/clusters/create", "{\"node_type_id\":\"" + SMALL + "\"}");
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(noVersion.body()).contains("INVALID_PARAMETER_VALUE").contains("spark_version");
    assertThat(server.call("POST", "/api/2.1/clusters/create", "{\"num_workers\":\"many\"}").body())
        .contains("INVALID_PARAMETER_VALUE");
  }

  @Test
  void unknownClustersDoNotExist() {
    assertThatThrownBy(() -> admin.clusters().get("0000-000000-nothing0"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> admin.clusters().start("0000-000000-nothing0"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () -> admin.clusters().events(new GetEvents().setClusterId("nope")).iterator().next())
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void operationsInTheWrongStateAreInvalidState() {
    assertThatThrownBy(
            () ->
                admin
                    .clusters()
                    .resize(new ResizeCluster().setClusterId(terminated).setNumWorkers(2L)))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("unexpected state Terminated");
    // delete of a terminated cluster is a documented no-op
    admin.clusters().delete(terminated);
    assertThat(admin.clusters().get(terminated).getState()).isEqualTo(State.TERMINATED);
  }

  @Test
  void aTerminatedClusterKeepsItsReasonAndSpec() {
    ClusterDetails c = admin.clusters().get(terminated);
    assertThat(c.getTerminationReason().getCode()).isEqualTo(TerminationReasonCode.USER_REQUEST);
    assertThat(c.getTerminationReason().getParameters()).containsEntry("username", "admin");
    assertThat(c.getSpec().getSparkVersion()).isEqualTo(RUNTIME);
    assertThat(c.getDefaultTags()).containsEntry("ClusterId", terminated);
    assertThat(c.getTerminatedTime()).isGreaterThanOrEqualTo(c.getStartTime());
  }

  @Test
  void editingATerminatedClusterChangesItsSpecAndKeepsItTerminated() throws Exception {
    admin
        .clusters()
        .edit(
            new EditCluster()
                .setClusterId(terminated)
                .setClusterName("renamed")
                .setSparkVersion(RUNTIME)
                .setNodeTypeId(SMALL)
                .setNumWorkers(2L)
                .setAutoterminationMinutes(0L));
    ClusterDetails c = admin.clusters().get(terminated);
    assertThat(c.getClusterName()).isEqualTo("renamed");
    assertThat(c.getNumWorkers()).isEqualTo(2L);
    assertThat(c.getState()).isEqualTo(State.TERMINATED);
    assertThat(ClusterCalls.eventTypes(admin, terminated)).contains(EventType.EDITED);
  }

  @Test
  void pinningIsForAdminsAndEventsPageThroughNextPage() {
    WorkspaceClient ann = SecretsCalls.userClient(server, admin, "ann-clusters@example.com");
    assertThatThrownBy(() -> ann.clusters().pin(terminated)).isInstanceOf(PermissionDenied.class);
    for (int i = 0; i < 30; i++) {
      admin.clusters().pin(terminated);
      admin.clusters().unpin(terminated);
    }
    List<ClusterEvent> all = new ArrayList<>();
    admin
        .clusters()
        .events(new GetEvents().setClusterId(terminated).setLimit(7L).setOrder(GetEventsOrder.DESC))
        .forEach(all::add);
    assertThat(all.stream().filter(e -> e.getType() == EventType.PINNED)).hasSize(30);
    assertThat(all.get(all.size() - 1).getType()).isEqualTo(EventType.CREATING);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).getTimestamp()).isLessThanOrEqualTo(all.get(i - 1).getTimestamp());
    }
    HttpResponse<String> raw =
        server.call(
            "POST",
            "/api/2.1/clusters/events",
            "{\"cluster_id\":\"" + terminated + "\",\"limit\":1000}");
    assertThat(raw.statusCode()).isEqualTo(400);
  }

  @Test
  void listPagesAndFilters() throws DatabricksError {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = admin.clusters().create(small("list", 0)).getResponse().getClusterId();
      created.add(id);
      ids.add(id);
      admin.clusters().delete(id);
    }
    List<ClusterDetails> paged =
        StreamSupport.stream(
                admin.clusters().list(new ListClustersRequest().setPageSize(2L)).spliterator(),
                false)
            .toList();
    assertThat(paged).extracting(ClusterDetails::getClusterId).containsAll(ids);
    assertThat(paged).allSatisfy(c -> assertThat(c.getSpec()).isNull());
    List<ClusterDetails> running =
        StreamSupport.stream(
                admin
                    .clusters()
                    .list(
                        new ListClustersRequest()
                            .setFilterBy(
                                new ListClustersFilterBy()
                                    .setClusterStates(List.of(State.RUNNING))))
                    .spliterator(),
                false)
            .toList();
    assertThat(running).extracting(ClusterDetails::getClusterId).doesNotContainAnyElementsOf(ids);
  }

  @Test
  void permanentDeleteRemovesTheCluster() throws Exception {
    String id = admin.clusters().create(small("gone", 0)).getResponse().getClusterId();
    created.add(id);
    admin.clusters().permanentDelete(id);
    assertThatThrownBy(() -> admin.clusters().get(id)).isInstanceOf(ResourceDoesNotExist.class);
    assertNoProcessesLeft(id);
  }
}
