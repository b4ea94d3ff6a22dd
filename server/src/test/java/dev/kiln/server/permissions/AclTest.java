package dev.kiln.server.permissions;

import static dev.kiln.server.permissions.ObjectType.CAN_ATTACH_TO;
import static dev.kiln.server.permissions.ObjectType.CAN_MANAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.permissions.AccessControlRequest;
import dev.kiln.model.permissions.AccessControlResponse;
import dev.kiln.model.permissions.ObjectPermissions;
import dev.kiln.model.permissions.Permission;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure ACL rules: PUT replaces, PATCH merges, one level per principal, the admins' view. */
class AclTest {
  private static final ObjectType POOLS = ObjectType.INSTANCE_POOLS;
  private static final Grantee ANN = Grantee.user("ann");
  private static final Grantee BOB = Grantee.user("bob");
  private static final Grantee USERS = Grantee.group("users");

  @Test
  void replaceKeepsOnlyTheRequestedPrincipalsWithTheirStrongestLevel() {
    List<Grant> acl =
        Acl.replace(
            POOLS,
            List.of(
                new Grant(BOB, CAN_ATTACH_TO),
                new Grant(USERS, CAN_ATTACH_TO),
                new Grant(BOB, CAN_MANAGE),
                new Grant(ANN, CAN_ATTACH_TO)));

    assertThat(acl)
        .containsExactly(
            new Grant(ANN, CAN_ATTACH_TO),
            new Grant(BOB, CAN_MANAGE),
            new Grant(USERS, CAN_ATTACH_TO));
    assertThat(Acl.replace(POOLS, List.of())).isEmpty();
  }

  @Test
  void mergeSetsTheNamedPrincipalsAndKeepsTheOthers() {
    List<Grant> current = List.of(new Grant(ANN, CAN_MANAGE), new Grant(BOB, CAN_ATTACH_TO));

    List<Grant> merged =
        Acl.merge(
            POOLS, current, List.of(new Grant(ANN, CAN_ATTACH_TO), new Grant(USERS, CAN_MANAGE)));

    assertThat(merged)
        .containsExactly(
            new Grant(ANN, CAN_ATTACH_TO),
            new Grant(BOB, CAN_ATTACH_TO),
            new Grant(USERS, CAN_MANAGE));
    assertThat(Acl.merge(POOLS, current, List.of())).containsExactlyElementsOf(current);
  }

  @Test
  void strongestLevelComesFromAnyOfTheCallersPrincipals() {
    List<Grant> acl = List.of(new Grant(USERS, CAN_ATTACH_TO), new Grant(BOB, CAN_MANAGE));

    assertThat(Acl.strongest(POOLS, acl, List.of(ANN, USERS))).isEqualTo(CAN_ATTACH_TO);
    assertThat(Acl.strongest(POOLS, acl, List.of(BOB, USERS))).isEqualTo(CAN_MANAGE);
    assertThat(Acl.strongest(POOLS, List.of(new Grant(BOB, CAN_MANAGE)), List.of(ANN, USERS)))
        .isNull();
    assertThat(POOLS.includes(CAN_MANAGE, CAN_ATTACH_TO)).isTrue();
    assertThat(POOLS.includes(CAN_ATTACH_TO, CAN_MANAGE)).isFalse();
  }

  @Test
  void viewShowsDirectGrantsAndTheAdminsInheritedFromTheRootObject() {
    ObjectPermissions view =
        Acl.view(
            POOLS,
            "p-1",
            List.of(new Grant(USERS, CAN_ATTACH_TO), new Grant(ANN, CAN_MANAGE)),
            g -> g.name().equals("ann") ? "Ann A." : g.name());

    assertThat(view.objectId()).isEqualTo("/instance-pools/p-1");
    assertThat(view.objectType()).isEqualTo("instance-pool");
    assertThat(view.accessControlList())
        .containsExactly(
            new AccessControlResponse(
                "ann", null, null, "Ann A.", List.of(new Permission(CAN_MANAGE, false, null))),
            new AccessControlResponse(
                null,
                "admins",
                null,
                "admins",
                List.of(new Permission(CAN_MANAGE, true, List.of("/instance-pools/")))),
            new AccessControlResponse(
                null, "users", null, "users", List.of(new Permission(CAN_ATTACH_TO, false, null))));
  }

  @Test
  void aDirectGrantToAdminsIsShownNextToTheInheritedOne() {
    ObjectPermissions view =
        Acl.view(
            POOLS, "p-1", List.of(new Grant(Grantee.group("admins"), CAN_ATTACH_TO)), g -> "x");

    assertThat(view.accessControlList()).hasSize(1);
    assertThat(view.accessControlList().get(0).allPermissions())
        .containsExactly(
            new Permission(CAN_ATTACH_TO, false, null),
            new Permission(CAN_MANAGE, true, List.of("/instance-pools/")));
  }

  @Test
  void requestEntriesNameExactlyOnePrincipalAndALevelOfTheType() {
    assertThat(Grantee.of(new AccessControlRequest(null, "users", null, CAN_MANAGE)))
        .isEqualTo(USERS);
    assertInvalid(() -> Grantee.of(new AccessControlRequest("ann", "users", null, CAN_MANAGE)));
    assertInvalid(() -> Grantee.of(new AccessControlRequest(null, null, " ", CAN_MANAGE)));
    assertThat(POOLS.checkLevel(CAN_ATTACH_TO)).isEqualTo(CAN_ATTACH_TO);
    assertInvalid(() -> POOLS.checkLevel("CAN_RESTART"));
    assertInvalid(() -> POOLS.checkLevel(null));
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
