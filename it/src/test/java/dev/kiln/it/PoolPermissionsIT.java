package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ApiAssertions.assertOk;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateInstancePool;
import com.databricks.sdk.service.compute.EditInstancePool;
import com.databricks.sdk.service.compute.InstancePoolAccessControlRequest;
import com.databricks.sdk.service.compute.InstancePoolAccessControlResponse;
import com.databricks.sdk.service.compute.InstancePoolPermission;
import com.databricks.sdk.service.compute.InstancePoolPermissionLevel;
import com.databricks.sdk.service.compute.InstancePoolPermissions;
import com.databricks.sdk.service.compute.InstancePoolPermissionsDescription;
import com.databricks.sdk.service.compute.InstancePoolPermissionsRequest;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Permissions API of instance pools through the official Java SDK, and what the levels allow:
 * CAN_MANAGE edits and deletes a pool and changes its ACL, CAN_ATTACH_TO puts clusters on it. Pools
 * here keep no idle instances and the clusters never get their nodes, so no process starts.
 */
class PoolPermissionsIT extends ServerIT {
  private static final InstancePoolPermissionLevel ATTACH =
      InstancePoolPermissionLevel.CAN_ATTACH_TO;
  private static final InstancePoolPermissionLevel MANAGE = InstancePoolPermissionLevel.CAN_MANAGE;

  @Test
  void theCreatorManagesANewPoolAndAdminsInheritCanManage() {
    String id = createPool();

    InstancePoolPermissions acl = admin.instancePools().getPermissions(id);
    assertThat(acl.getObjectId()).isEqualTo("/instance-pools/" + id);
    assertThat(acl.getObjectType()).isEqualTo("instance-pool");
    assertThat(levels(acl))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("user:admin", "CAN_MANAGE", "group:admins", "CAN_MANAGE (inherited)"));
    InstancePoolAccessControlResponse admins = entry(acl, "group:admins");
    InstancePoolPermission inherited = admins.getAllPermissions().iterator().next();
    assertThat(inherited.getInherited()).isTrue();
    assertThat(inherited.getInheritedFromObject()).containsExactly("/instance-pools/");
    assertThat(entry(acl, "user:admin").getDisplayName()).isNotBlank();

    List<InstancePoolPermissionsDescription> levels =
        new ArrayList<>(admin.instancePools().getPermissionLevels(id).getPermissionLevels());
    assertThat(levels)
        .extracting(InstancePoolPermissionsDescription::getPermissionLevel)
        .containsExactly(ATTACH, MANAGE);
    assertThat(levels).allSatisfy(l -> assertThat(l.getDescription()).isNotBlank());

    // The wire shape, as other clients read it.
    JsonNode raw = assertOk(server.call("GET", "/api/2.0/permissions/instance-pools/" + id, null));
    assertThat(raw.path("object_type").asText()).isEqualTo("instance-pool");
    assertThat(raw.path("access_control_list").findValuesAsText("permission_level"))
        .containsOnly("CAN_MANAGE");
    admin.instancePools().delete(id);
  }

  @Test
  void putReplacesTheDirectAclAndPatchMergesIntoIt() {
    String bob = unique("bob") + "@example.com";
    SecretsCalls.userClient(server, admin, bob);
    String id = createPool();

    InstancePoolPermissions put =
        admin
            .instancePools()
            .setPermissions(
                request(id, user(bob, ATTACH), group("users", ATTACH), user(bob, MANAGE)));
    Map<String, String> afterPut =
        Map.of(
            "user:" + bob,
            "CAN_MANAGE",
            "group:users",
            "CAN_ATTACH_TO",
            "group:admins",
            "CAN_MANAGE (inherited)");
    assertThat(levels(put)).isEqualTo(afterPut);
    assertThat(levels(admin.instancePools().getPermissions(id))).isEqualTo(afterPut);

    InstancePoolPermissions patched =
        admin
            .instancePools()
            .updatePermissions(request(id, user(bob, ATTACH), user("admin", MANAGE)));
    assertThat(levels(patched))
        .isEqualTo(
            Map.of(
                "user:" + bob,
                "CAN_ATTACH_TO",
                "user:admin",
                "CAN_MANAGE",
                "group:users",
                "CAN_ATTACH_TO",
                "group:admins",
                "CAN_MANAGE (inherited)"));

    // An empty PUT leaves only what admins inherit.
    assertThat(levels(admin.instancePools().setPermissions(request(id))))
        .isEqualTo(Map.of("group:admins", "CAN_MANAGE (inherited)"));
    admin.instancePools().delete(id);
  }

  @Test
  void badAclsAreRefusedAndChangeNothing() {
    String id = createPool();
    Map<String, String> before = levels(admin.instancePools().getPermissions(id));

    assertRefused(id, user("nobody@example.com", ATTACH), "nobody@example.com");
    assertRefused(id, group("data-engineers", ATTACH), "data-engineers");
    assertRefused(
        id,
        new InstancePoolAccessControlRequest()
            .setServicePrincipalName("0000-sp")
            .setPermissionLevel(ATTACH),
        "0000-sp");
    assertRefused(
        id,
        new InstancePoolAccessControlRequest()
            .setUserName("admin")
            .setGroupName("users")
            .setPermissionLevel(ATTACH),
        "exactly one");
    String path = "/api/2.0/permissions/instance-pools/" + id;
    assertThat(
            assertError(
                server.call(
                    "PATCH",
                    path,
                    "{\"access_control_list\":[{\"user_name\":\"admin\","
                        + "\"permission_level\":\"CAN_RESTART\"}]}"),
                400,
                "INVALID_PARAMETER_VALUE"))
        .contains("CAN_RESTART");
    assertError(
        server.call("PUT", path, "{\"access_control_list\":[{\"group_name\":\"users\"}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(server.call("PUT", path, "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(server.call("PUT", path, "{not json"), 400, "MALFORMED_REQUEST");
    assertThat(levels(admin.instancePools().getPermissions(id))).isEqualTo(before);

    String missing = "0101-000000-kiln-pool-nothere";
    assertThatThrownBy(() -> admin.instancePools().getPermissions(missing))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> admin.instancePools().getPermissionLevels(missing))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () -> admin.instancePools().updatePermissions(request(missing, group("users", ATTACH))))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () -> admin.instancePools().setPermissions(request(missing, group("users", ATTACH))))
        .isInstanceOf(ResourceDoesNotExist.class);

    // A pool's permissions go with it.
    admin.instancePools().delete(id);
    assertThatThrownBy(() -> admin.instancePools().getPermissions(id))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void aUserNeedsCanAttachToForClustersOnAPoolAndCanManageToChangeIt() {
    String annName = unique("ann") + "@example.com";
    WorkspaceClient ann = SecretsCalls.userClient(server, admin, annName);
    // max_capacity 1 cannot give a driver and a worker: an accepted cluster fails before any node
    // starts, so no process is needed to see what was allowed.
    String id =
        admin
            .instancePools()
            .create(pool(unique("guarded")).setMaxCapacity(1L))
            .getInstancePoolId();
    int clustersBefore = clusterCount();

    assertThatThrownBy(() -> ann.clusters().create(onPool("denied", id)))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("CAN_ATTACH_TO");
    assertThatThrownBy(
            () -> ann.clusters().create(onPool("denied", id).setDriverInstancePoolId(id)))
        .isInstanceOf(PermissionDenied.class);
    assertThat(clusterCount()).isEqualTo(clustersBefore);
    assertThatThrownBy(() -> ann.instancePools().edit(edit(id, "renamed")))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> ann.instancePools().getPermissions(id))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(
            () -> ann.instancePools().updatePermissions(request(id, user(annName, MANAGE))))
        .isInstanceOf(PermissionDenied.class);
    assertThat(admin.instancePools().get(id).getInstancePoolName()).doesNotContain("renamed");

    admin.instancePools().updatePermissions(request(id, user(annName, ATTACH)));
    String clusterId = ann.clusters().create(onPool("allowed", id)).getResponse().getClusterId();
    ClusterDetails created = admin.clusters().get(clusterId);
    assertThat(created.getInstancePoolId()).isEqualTo(id);
    assertThat(created.getCreatorUserName()).isEqualTo(annName);
    admin.clusters().permanentDelete(clusterId);
    // Attaching is not managing.
    assertThatThrownBy(() -> ann.instancePools().edit(edit(id, "renamed")))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> ann.instancePools().delete(id)).isInstanceOf(PermissionDenied.class);

    admin.instancePools().updatePermissions(request(id, user(annName, MANAGE)));
    ann.instancePools().edit(edit(id, "renamed"));
    assertThat(admin.instancePools().get(id).getInstancePoolName()).contains("renamed");
    assertThat(levels(ann.instancePools().getPermissions(id)))
        .containsEntry("user:" + annName, "CAN_MANAGE");
    ann.instancePools().delete(id);
    assertThatThrownBy(() -> admin.instancePools().get(id))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void aGrantToTheGroupUsersReachesEveryUser() {
    String carlName = unique("carl") + "@example.com";
    WorkspaceClient carl = SecretsCalls.userClient(server, admin, carlName);
    String id =
        admin
            .instancePools()
            .create(pool(unique("for-all")).setMaxCapacity(1L))
            .getInstancePoolId();
    assertThatThrownBy(() -> carl.clusters().create(onPool("denied", id)))
        .isInstanceOf(PermissionDenied.class);

    admin.instancePools().setPermissions(request(id, group("users", ATTACH)));
    String clusterId = carl.clusters().create(onPool("allowed", id)).getResponse().getClusterId();
    admin.clusters().permanentDelete(clusterId);
    // Deleting a user drops their grants; the group's stay.
    admin.instancePools().updatePermissions(request(id, user(carlName, MANAGE)));
    String carlId =
        StreamSupport.stream(
                admin
                    .users()
                    .list(
                        new com.databricks.sdk.service.iam.ListUsersRequest()
                            .setFilter("userName eq \"" + carlName + "\""))
                    .spliterator(),
                false)
            .findFirst()
            .orElseThrow()
            .getId();
    admin.users().delete(carlId);
    assertThat(levels(admin.instancePools().getPermissions(id)))
        .isEqualTo(
            Map.of("group:users", "CAN_ATTACH_TO", "group:admins", "CAN_MANAGE (inherited)"));
    admin.instancePools().delete(id);
  }

  // ---- helpers

  private static String createPool() {
    return admin.instancePools().create(pool(unique("perm"))).getInstancePoolId();
  }

  private static CreateInstancePool pool(String name) {
    return new CreateInstancePool()
        .setInstancePoolName(name)
        .setNodeTypeId(ClusterCalls.SMALL)
        .setMinIdleInstances(0L)
        .setIdleInstanceAutoterminationMinutes(10L);
  }

  private static EditInstancePool edit(String id, String name) {
    return new EditInstancePool()
        .setInstancePoolId(id)
        .setInstancePoolName(unique(name))
        .setNodeTypeId(ClusterCalls.SMALL)
        .setMaxCapacity(1L);
  }

  private static com.databricks.sdk.service.compute.CreateCluster onPool(String name, String id) {
    return small(name, 1).setNodeTypeId(null).setInstancePoolId(id);
  }

  private static int clusterCount() {
    return (int)
        StreamSupport.stream(admin.clusters().list(new ListClustersRequest()).spliterator(), false)
            .count();
  }

  private static InstancePoolPermissionsRequest request(
      String id, InstancePoolAccessControlRequest... entries) {
    return new InstancePoolPermissionsRequest()
        .setInstancePoolId(id)
        .setAccessControlList(List.of(entries));
  }

  private static InstancePoolAccessControlRequest user(
      String name, InstancePoolPermissionLevel level) {
    return new InstancePoolAccessControlRequest().setUserName(name).setPermissionLevel(level);
  }

  private static InstancePoolAccessControlRequest group(
      String name, InstancePoolPermissionLevel level) {
    return new InstancePoolAccessControlRequest().setGroupName(name).setPermissionLevel(level);
  }

  private static void assertRefused(
      String id, InstancePoolAccessControlRequest entry, String messagePart) {
    assertThatThrownBy(() -> admin.instancePools().updatePermissions(request(id, entry)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining(messagePart);
    assertThatThrownBy(() -> admin.instancePools().setPermissions(request(id, entry)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining(messagePart);
  }

  /** Each principal of an ACL ("user:ann", "group:users") with its levels, as text. */
  private static Map<String, String> levels(InstancePoolPermissions acl) {
    Map<String, String> out = new TreeMap<>();
    for (InstancePoolAccessControlResponse e : acl.getAccessControlList()) {
      List<String> held = new ArrayList<>();
      for (InstancePoolPermission p : e.getAllPermissions()) {
        held.add(
            p.getPermissionLevel() + (Boolean.TRUE.equals(p.getInherited()) ? " (inherited)" : ""));
      }
      out.put(key(e), String.join(", ", held));
    }
    return out;
  }

  private static InstancePoolAccessControlResponse entry(InstancePoolPermissions acl, String key) {
    return acl.getAccessControlList().stream()
        .filter(e -> key(e).equals(key))
        .findFirst()
        .orElseThrow();
  }

  private static String key(InstancePoolAccessControlResponse e) {
    if (e.getUserName() != null) {
      return "user:" + e.getUserName();
    }
    if (e.getGroupName() != null) {
      return "group:" + e.getGroupName();
    }
    return "sp:" + e.getServicePrincipalName();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
