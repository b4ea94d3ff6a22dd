package dev.kiln.it;

import static dev.kiln.server.permissions.ObjectType.CAN_ATTACH_TO;
import static dev.kiln.server.permissions.ObjectType.CAN_MANAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.permissions.AccessControlRequest;
import dev.kiln.model.permissions.AccessControlResponse;
import dev.kiln.model.permissions.ObjectPermissions;
import dev.kiln.model.permissions.PermissionsRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.permissions.ObjectType;
import dev.kiln.server.permissions.PermissionService;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permissions store on the real metadata store (H2, and PostgreSQL in the suite's second pass):
 * PUT replaces and PATCH merges what is stored, grants go with their object and with a deleted
 * user, and the checks other domains make read them.
 */
class PermissionStoreTest {
  private static final ObjectType POOLS = ObjectType.INSTANCE_POOLS;
  private static final Principal ADMIN = new Principal(1, "admin", true);
  private static final Principal ANN = new Principal(2, "ann", false);
  private static final Principal BOB = new Principal(3, "bob", false);
  private static final Set<String> OBJECTS = Set.of("p-1", "p-2", "p-3");

  @TempDir static Path home;
  private static Database database;
  private static PermissionService permissions;

  @BeforeAll
  static void open() throws Exception {
    database = StoreDatabase.open(home);
    Map<String, String> users = Map.of("admin", "Admin", "ann", "Ann A.", "bob", "Bob B.");
    permissions =
        new PermissionService(database.jdbi(), name -> Optional.ofNullable(users.get(name)))
            .register(
                POOLS,
                id -> {
                  if (!OBJECTS.contains(id)) {
                    throw ApiException.notFound("Can't find an instance pool with id " + id + ".");
                  }
                });
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void putReplacesAndPatchMergesTheStoredAcl() {
    database.jdbi().useTransaction(h -> permissions.grantCreator(h, POOLS, "p-1", "admin"));
    assertThat(levels(permissions.get(ADMIN, POOLS, "p-1")))
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("user:admin", "CAN_MANAGE", "group:admins", "CAN_MANAGE*")));

    permissions.set(
        ADMIN, POOLS, "p-1", req(user("ann", CAN_ATTACH_TO), group("users", CAN_ATTACH_TO)));
    assertThat(levels(permissions.get(ADMIN, POOLS, "p-1")))
        .isEqualTo(
            Map.of(
                "user:ann", "CAN_ATTACH_TO",
                "group:users", "CAN_ATTACH_TO",
                "group:admins", "CAN_MANAGE*"));

    ObjectPermissions patched =
        permissions.update(
            ADMIN, POOLS, "p-1", req(user("ann", CAN_MANAGE), user("bob", CAN_ATTACH_TO)));
    assertThat(levels(patched))
        .isEqualTo(
            Map.of(
                "user:ann", "CAN_MANAGE",
                "user:bob", "CAN_ATTACH_TO",
                "group:users", "CAN_ATTACH_TO",
                "group:admins", "CAN_MANAGE*"));
    assertThat(levels(permissions.get(ANN, POOLS, "p-1"))).isEqualTo(levels(patched));
    assertThat(
            permissions.get(ADMIN, POOLS, "p-1").accessControlList().stream()
                .filter(e -> "ann".equals(e.userName()))
                .map(AccessControlResponse::displayName))
        .containsExactly("Ann A.");
  }

  @Test
  void checksReadDirectAndGroupGrantsAndAdminsPassEverything() {
    permissions.set(ADMIN, POOLS, "p-2", req(user("ann", CAN_MANAGE)));
    permissions.require(ANN, POOLS, "p-2", CAN_ATTACH_TO);
    permissions.require(ANN, POOLS, "p-2", CAN_MANAGE);
    permissions.require(ADMIN, POOLS, "p-2", CAN_MANAGE);
    assertCode(
        () -> permissions.require(BOB, POOLS, "p-2", CAN_ATTACH_TO), ErrorCode.PERMISSION_DENIED);
    assertCode(() -> permissions.get(BOB, POOLS, "p-2"), ErrorCode.PERMISSION_DENIED);
    assertCode(
        () -> permissions.update(BOB, POOLS, "p-2", req(user("bob", CAN_MANAGE))),
        ErrorCode.PERMISSION_DENIED);

    permissions.update(ANN, POOLS, "p-2", req(group("users", CAN_ATTACH_TO)));
    permissions.require(BOB, POOLS, "p-2", CAN_ATTACH_TO);
    assertCode(
        () -> permissions.require(BOB, POOLS, "p-2", CAN_MANAGE), ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void badRequestsAndMissingObjectsChangeNothing() {
    permissions.set(ADMIN, POOLS, "p-3", req(user("bob", CAN_ATTACH_TO)));
    Map<String, String> before = levels(permissions.get(ADMIN, POOLS, "p-3"));
    assertCode(
        () -> permissions.set(ADMIN, POOLS, "p-3", req(user("carl", CAN_MANAGE))),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertCode(
        () -> permissions.update(ADMIN, POOLS, "p-3", req(group("devs", CAN_MANAGE))),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertCode(
        () -> permissions.update(ADMIN, POOLS, "p-3", req(user("ann", "CAN_RESTART"))),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertCode(
        () -> permissions.set(ADMIN, POOLS, "p-3", new PermissionsRequest(null)),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(levels(permissions.get(ADMIN, POOLS, "p-3"))).isEqualTo(before);
    assertCode(() -> permissions.get(ADMIN, POOLS, "nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertCode(() -> permissions.levels(ADMIN, POOLS, "nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(permissions.levels(ADMIN, POOLS, "p-3").permissionLevels()).hasSize(2);
  }

  @Test
  void grantsGoWithTheirObjectAndWithADeletedUser() {
    permissions.set(
        ADMIN, POOLS, "p-2", req(user("bob", CAN_MANAGE), group("users", CAN_ATTACH_TO)));
    permissions.set(ADMIN, POOLS, "p-3", req(user("bob", CAN_ATTACH_TO)));
    permissions.forgetUser("bob");
    assertThat(levels(permissions.get(ADMIN, POOLS, "p-2")))
        .isEqualTo(Map.of("group:users", "CAN_ATTACH_TO", "group:admins", "CAN_MANAGE*"));
    assertThat(levels(permissions.get(ADMIN, POOLS, "p-3")))
        .isEqualTo(Map.of("group:admins", "CAN_MANAGE*"));

    database.jdbi().useTransaction(h -> permissions.forget(h, POOLS, "p-2"));
    assertThat(levels(permissions.get(ADMIN, POOLS, "p-2")))
        .isEqualTo(Map.of("group:admins", "CAN_MANAGE*"));
    long left =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM object_permissions WHERE object_id = 'p-2'")
                        .mapTo(Long.class)
                        .one());
    assertThat(left).isZero();
  }

  private static PermissionsRequest req(AccessControlRequest... entries) {
    return new PermissionsRequest(List.of(entries));
  }

  private static AccessControlRequest user(String name, String level) {
    return new AccessControlRequest(name, null, null, level);
  }

  private static AccessControlRequest group(String name, String level) {
    return new AccessControlRequest(null, name, null, level);
  }

  /** "user:ann" -> "CAN_MANAGE"; an inherited level ends with '*'. */
  private static Map<String, String> levels(ObjectPermissions acl) {
    Map<String, String> out = new TreeMap<>();
    for (AccessControlResponse e : acl.accessControlList()) {
      String key = e.userName() != null ? "user:" + e.userName() : "group:" + e.groupName();
      out.put(
          key,
          String.join(
              ",",
              e.allPermissions().stream()
                  .map(p -> p.permissionLevel() + (p.inherited() ? "*" : ""))
                  .toList()));
    }
    return out;
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
