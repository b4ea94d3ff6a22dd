package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ClusterCalls.START;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateInstancePool;
import com.databricks.sdk.service.compute.DockerImage;
import com.databricks.sdk.service.compute.EditInstancePool;
import com.databricks.sdk.service.compute.GetInstancePool;
import com.databricks.sdk.service.compute.InstancePoolAndStats;
import com.databricks.sdk.service.compute.InstancePoolState;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Instance Pools API through the official Java SDK: the whole life of a pool, every refusal,
 * and what clusters see of pools. Pools here keep no idle instances, so no process starts.
 */
class PoolsApiIT extends ServerIT {

  @Test
  void aPoolIsCreatedReadEditedListedAndDeleted() {
    String name = unique("etl");
    String id =
        admin
            .instancePools()
            .create(
                new CreateInstancePool()
                    .setInstancePoolName(name)
                    .setNodeTypeId(ClusterCalls.SMALL)
                    .setMinIdleInstances(0L)
                    .setMaxCapacity(4L)
                    .setIdleInstanceAutoterminationMinutes(15L)
                    .setCustomTags(Map.of("team", "data"))
                    .setPreloadedSparkVersions(List.of(ClusterCalls.RUNTIME)))
            .getInstancePoolId();
    assertThat(id).contains("-pool-");

    GetInstancePool pool = admin.instancePools().get(id);
    assertThat(pool.getInstancePoolName()).isEqualTo(name);
    assertThat(pool.getNodeTypeId()).isEqualTo(ClusterCalls.SMALL);
    assertThat(pool.getMinIdleInstances()).isZero();
    assertThat(pool.getMaxCapacity()).isEqualTo(4L);
    assertThat(pool.getIdleInstanceAutoterminationMinutes()).isEqualTo(15L);
    assertThat(pool.getCustomTags()).containsEntry("team", "data");
    assertThat(pool.getDefaultTags())
        .containsEntry("DatabricksInstancePoolId", id)
        .containsEntry("DatabricksInstancePoolCreatorId", "admin");
    assertThat(pool.getPreloadedSparkVersions()).containsExactly(ClusterCalls.RUNTIME);
    assertThat(pool.getState()).isEqualTo(InstancePoolState.ACTIVE);
    assertThat(pool.getStats().getIdleCount()).isZero();
    assertThat(pool.getStats().getUsedCount()).isZero();
    assertThat(pool.getStats().getPendingIdleCount()).isZero();
    assertThat(pool.getStats().getPendingUsedCount()).isZero();

    admin
        .instancePools()
        .edit(
            new EditInstancePool()
                .setInstancePoolId(id)
                .setInstancePoolName(name + "-2")
                .setNodeTypeId(ClusterCalls.SMALL)
                .setMaxCapacity(6L)
                .setIdleInstanceAutoterminationMinutes(30L));
    GetInstancePool edited = admin.instancePools().get(id);
    assertThat(edited.getInstancePoolName()).isEqualTo(name + "-2");
    assertThat(edited.getMaxCapacity()).isEqualTo(6L);
    assertThat(edited.getIdleInstanceAutoterminationMinutes()).isEqualTo(30L);
    assertThat(listed()).extracting(InstancePoolAndStats::getInstancePoolId).contains(id);

    admin.instancePools().delete(id);
    assertThatThrownBy(() -> admin.instancePools().get(id))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThat(listed()).extracting(InstancePoolAndStats::getInstancePoolId).doesNotContain(id);
    assertThatThrownBy(() -> admin.instancePools().delete(id))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void badPoolsAreRefusedAndNothingIsStored() {
    int before = listed().size();
    assertInvalid(pool(null), "instance_pool_name");
    assertInvalid(pool(unique("p")).setNodeTypeId("m5.large"), "m5.large");
    assertInvalid(pool(unique("p")).setNodeTypeId(null), "node_type_id");
    assertInvalid(pool(unique("p")).setMinIdleInstances(-1L), "min_idle_instances");
    assertInvalid(pool(unique("p")).setMaxCapacity(0L), "max_capacity");
    assertInvalid(
        pool(unique("p")).setMinIdleInstances(3L).setMaxCapacity(2L), "greater than max_capacity");
    assertInvalid(
        pool(unique("p")).setIdleInstanceAutoterminationMinutes(10001L),
        "idle_instance_autotermination_minutes");
    assertInvalid(pool(unique("p")).setMinIdleInstances(100L), "this host can give at most");
    assertInvalid(
        pool(unique("p")).setPreloadedSparkVersions(List.of("13.3.x-scala2.12")),
        "Invalid spark version");
    assertInvalid(
        pool(unique("p"))
            .setPreloadedSparkVersions(List.of(ClusterCalls.RUNTIME, ClusterCalls.RUNTIME)),
        "at most one");
    assertInvalid(
        pool(unique("p")).setPreloadedDockerImages(List.of(new DockerImage().setUrl("busybox"))),
        "preloaded_docker_images");
    assertError(
        server.call("POST", "/api/2.0/instance-pools/create", "{not json"),
        400,
        "MALFORMED_REQUEST");
    assertError(
        server.call(
            "POST",
            "/api/2.0/instance-pools/create",
            "{\"instance_pool_name\":\"x\",\"node_type_id\":\"kiln-1c-2g\",\"min_idle_instances\":\"many\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(listed()).hasSize(before);

    String name = unique("taken");
    String id = admin.instancePools().create(pool(name)).getInstancePoolId();
    assertInvalid(pool(name), "already exists");
    assertThatThrownBy(
            () ->
                admin
                    .instancePools()
                    .edit(
                        new EditInstancePool()
                            .setInstancePoolId(id)
                            .setInstancePoolName(name)
                            .setNodeTypeId("kiln-2c-4g")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("node_type_id cannot be changed");
    assertThatThrownBy(
            () ->
                admin
                    .instancePools()
                    .edit(
                        new EditInstancePool()
                            .setInstancePoolId("0101-000000-kiln-pool-nothere")
                            .setInstancePoolName(name)
                            .setNodeTypeId(ClusterCalls.SMALL)))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertError(
        server.call("GET", "/api/2.0/instance-pools/get", null), 400, "INVALID_PARAMETER_VALUE");
    admin.instancePools().delete(id);
  }

  @Test
  void onlyAdminsCreateEditOrDeletePoolsButEveryoneReadsThem() {
    String id = admin.instancePools().create(pool(unique("shared"))).getInstancePoolId();
    WorkspaceClient ann = SecretsCalls.userClient(server, admin, unique("ann") + "@example.com");
    assertThatThrownBy(() -> ann.instancePools().create(pool(unique("mine"))))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> ann.instancePools().delete(id)).isInstanceOf(PermissionDenied.class);
    assertThat(ann.instancePools().get(id).getInstancePoolId()).isEqualTo(id);
    admin.instancePools().delete(id);
  }

  @Test
  void clustersTakeTheirNodeTypeFromThePoolAndFailWhenItCannotGiveEnough() throws Exception {
    String id =
        admin.instancePools().create(pool(unique("small")).setMaxCapacity(1L)).getInstancePoolId();
    assertThatThrownBy(
            () ->
                admin
                    .clusters()
                    .create(small("mismatch", 1).setNodeTypeId("kiln-2c-4g").setInstancePoolId(id)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("does not match the node type");
    assertThatThrownBy(
            () ->
                admin
                    .clusters()
                    .create(
                        small("no-pool", 1)
                            .setNodeTypeId(null)
                            .setInstancePoolId("0101-000000-kiln-pool-nothere")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("does not exist");

    // Two instances (driver and worker) from a pool of at most one: it fails before it starts.
    String clusterId =
        admin
            .clusters()
            .create(small("too-many", 1).setNodeTypeId(null).setInstancePoolId(id))
            .getResponse()
            .getClusterId();
    ClusterDetails failed = admin.clusters().waitGetClusterTerminated(clusterId, START, null);
    assertThat(failed.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.INSTANCE_POOL_MAX_CAPACITY_REACHED);
    assertThat(failed.getNodeTypeId()).isEqualTo(ClusterCalls.SMALL);
    assertThat(failed.getInstancePoolId()).isEqualTo(id);
    assertNoProcessesLeft(clusterId);

    // A cluster of a deleted pool cannot start again.
    admin.instancePools().delete(id);
    admin.clusters().start(clusterId);
    ClusterDetails orphaned = admin.clusters().waitGetClusterTerminated(clusterId, START, null);
    assertThat(orphaned.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.INSTANCE_POOL_NOT_FOUND);
    assertNoProcessesLeft(clusterId);
    admin.clusters().permanentDelete(clusterId);
  }

  private static CreateInstancePool pool(String name) {
    return new CreateInstancePool()
        .setInstancePoolName(name)
        .setNodeTypeId(ClusterCalls.SMALL)
        .setIdleInstanceAutoterminationMinutes(10L);
  }

  private static void assertInvalid(CreateInstancePool request, String messagePart) {
    assertThatThrownBy(() -> admin.instancePools().create(request))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining(messagePart);
  }

  private static List<InstancePoolAndStats> listed() {
    return StreamSupport.stream(admin.instancePools().list().spliterator(), false).toList();
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
