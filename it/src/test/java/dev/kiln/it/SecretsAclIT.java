package dev.kiln.it;

import static dev.kiln.it.SecretsCalls.createScope;
import static dev.kiln.it.SecretsCalls.keys;
import static dev.kiln.it.SecretsCalls.list;
import static dev.kiln.it.SecretsCalls.put;
import static dev.kiln.it.SecretsCalls.putAcl;
import static dev.kiln.it.SecretsCalls.scopeNames;
import static dev.kiln.it.SecretsCalls.textOf;
import static dev.kiln.it.SecretsCalls.unique;
import static dev.kiln.it.SecretsCalls.userClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.DeleteAcl;
import com.databricks.sdk.service.workspace.DeleteSecret;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.PutSecret;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret-scope ACLs through the official Databricks Java SDK: what READ, WRITE and MANAGE allow
 * non-admin users, the groups users and admins, and what becomes of a deleted user's grants.
 */
class SecretsAclIT extends ServerIT {
  static WorkspaceClient ann;
  static WorkspaceClient bob;

  @BeforeAll
  static void createUsers() {
    ann = userClient(server, admin, "ann@example.com");
    bob = userClient(server, admin, "bob@example.com");
  }

  @Test
  void aDeletedUsersGrantsGoWithThemAndAreNotInheritedByTheirName() {
    String scope = "gone-" + UUID.randomUUID().toString().substring(0, 8);
    admin.secrets().createScope(new CreateScope().setScope(scope));
    admin.secrets().putSecret(new PutSecret().setScope(scope).setKey("k").setStringValue("v"));
    userClient(server, admin, "leaver@example.com");
    admin
        .secrets()
        .putAcl(
            new PutAcl()
                .setScope(scope)
                .setPrincipal("leaver@example.com")
                .setPermission(AclPermission.READ));

    String id =
        list(admin
                .users()
                .list(new ListUsersRequest().setFilter("userName eq \"leaver@example.com\"")))
            .get(0)
            .getId();
    admin.users().delete(id);
    assertThatThrownBy(() -> admin.secrets().getAcl(scope, "leaver@example.com"))
        .isInstanceOf(ResourceDoesNotExist.class);

    WorkspaceClient successor = userClient(server, admin, "leaver@example.com");
    assertThatThrownBy(() -> list(successor.secrets().listSecrets(scope)))
        .isInstanceOf(PermissionDenied.class);
  }

  @Test
  void aclsGrantReadThenWriteThenManage() {
    String scope = unique("team");
    createScope(admin, scope);
    put(admin, scope, "token", "t0ken");

    // No ACL: nothing at all.
    assertThat(scopeNames(ann)).doesNotContain(scope);
    assertDenied(() -> keys(ann, scope));
    assertDenied(() -> put(ann, scope, "mine", "x"));
    assertDenied(() -> ann.secrets().deleteScope(scope));
    assertDenied(() -> list(ann.secrets().listAcls(scope)));

    putAcl(admin, scope, "ann@example.com", AclPermission.READ);
    assertThat(admin.secrets().getAcl(scope, "ann@example.com").getPermission())
        .isEqualTo(AclPermission.READ);
    assertThat(scopeNames(ann)).contains(scope);
    assertThat(keys(ann, scope)).containsExactly("token");
    assertDenied(() -> put(ann, scope, "mine", "x"));
    assertDenied(
        () -> ann.secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey("token")));
    // Reading values over the API is for admins (and later the runtime) only.
    assertDenied(() -> ann.secrets().getSecret(scope, "token"));

    putAcl(admin, scope, "ann@example.com", AclPermission.WRITE);
    put(ann, scope, "mine", "x");
    ann.secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey("mine"));
    assertThat(keys(ann, scope)).containsExactly("token");
    assertDenied(() -> list(ann.secrets().listAcls(scope)));
    assertDenied(() -> ann.secrets().getAcl(scope, "ann@example.com"));
    assertDenied(
        () ->
            ann.secrets()
                .putAcl(
                    new PutAcl()
                        .setScope(scope)
                        .setPrincipal("bob@example.com")
                        .setPermission(AclPermission.READ)));
    assertDenied(() -> ann.secrets().deleteScope(scope));

    putAcl(admin, scope, "ann@example.com", AclPermission.MANAGE);
    ann.secrets()
        .putAcl(
            new PutAcl()
                .setScope(scope)
                .setPrincipal("bob@example.com")
                .setPermission(AclPermission.READ));
    assertThat(list(ann.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal, AclItem::getPermission)
        .containsExactly(
            tuple("admin", AclPermission.MANAGE),
            tuple("ann@example.com", AclPermission.MANAGE),
            tuple("bob@example.com", AclPermission.READ));
    assertThat(keys(bob, scope)).containsExactly("token");
    ann.secrets().deleteAcl(new DeleteAcl().setScope(scope).setPrincipal("bob@example.com"));
    assertDenied(() -> keys(bob, scope));

    admin.secrets().deleteAcl(new DeleteAcl().setScope(scope).setPrincipal("ann@example.com"));
    assertThatThrownBy(() -> admin.secrets().getAcl(scope, "ann@example.com"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertDenied(() -> keys(ann, scope));
    assertThat(scopeNames(ann)).doesNotContain(scope);

    putAcl(admin, scope, "ann@example.com", AclPermission.MANAGE);
    ann.secrets().deleteScope(scope);
    assertThat(scopeNames(admin)).doesNotContain(scope);
  }

  @Test
  void theGroupUsersSpeaksForEveryone() {
    String scope = unique("shared");
    createScope(admin, scope);
    putAcl(admin, scope, "users", AclPermission.READ);
    assertThat(scopeNames(ann)).contains(scope);
    assertThat(scopeNames(bob)).contains(scope);
    assertDenied(() -> put(bob, scope, "k", "v"));
    // A user's own ACL and the group's add up to the stronger of the two.
    putAcl(admin, scope, "bob@example.com", AclPermission.WRITE);
    put(bob, scope, "k", "v");
    assertDenied(() -> put(ann, scope, "k", "v"));
    // The group admins is a valid principal too; it does not reach non-admins.
    putAcl(admin, scope, "admins", AclPermission.MANAGE);
    assertDenied(() -> list(ann.secrets().listAcls(scope)));
    admin.secrets().deleteScope(scope);
  }

  @Test
  void usersCreateScopesTheyManageAndAdminsManageEveryScope() {
    String scope = unique("anns");
    createScope(ann, scope);
    assertThat(list(ann.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal, AclItem::getPermission)
        .containsExactly(tuple("ann@example.com", AclPermission.MANAGE));
    put(ann, scope, "k", "anns value");
    assertThat(scopeNames(bob)).doesNotContain(scope);
    assertDenied(() -> keys(bob, scope));
    // The admin holds no ACL on it and still sees, reads and manages it.
    assertThat(scopeNames(admin)).contains(scope);
    assertThat(textOf(admin, scope, "k")).isEqualTo("anns value");
    putAcl(admin, scope, "bob@example.com", AclPermission.READ);
    assertThat(keys(bob, scope)).containsExactly("k");
    admin.secrets().deleteScope(scope);
  }

  @Test
  void initialManagePrincipalUsersLetsEveryoneManage() {
    String scope = unique("open");
    admin
        .secrets()
        .createScope(new CreateScope().setScope(scope).setInitialManagePrincipal("users"));
    assertThat(admin.secrets().getAcl(scope, "users").getPermission())
        .isEqualTo(AclPermission.MANAGE);
    assertThat(admin.secrets().getAcl(scope, "admin").getPermission())
        .isEqualTo(AclPermission.MANAGE);
    bob.secrets()
        .putAcl(
            new PutAcl()
                .setScope(scope)
                .setPrincipal("ann@example.com")
                .setPermission(AclPermission.READ));
    bob.secrets().deleteScope(scope);
    assertThat(scopeNames(admin)).doesNotContain(scope);
  }

  @Test
  void aclCallsRefuseUnknownPrincipalsAndMissingAcls() {
    String scope = unique("acl-errors");
    createScope(admin, scope);
    assertThatThrownBy(() -> putAcl(admin, scope, "nobody@example.com", AclPermission.READ))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("nobody@example.com");
    assertThatThrownBy(() -> admin.secrets().getAcl(scope, "bob@example.com"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () ->
                admin
                    .secrets()
                    .deleteAcl(new DeleteAcl().setScope(scope).setPrincipal("bob@example.com")))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThat(list(admin.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal)
        .containsExactly("admin");
    admin.secrets().deleteScope(scope);
  }

  private static void assertDenied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(PermissionDenied.class);
  }
}
