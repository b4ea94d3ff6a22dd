package dev.kiln.server.secrets;

import static dev.kiln.model.secrets.AclPermission.MANAGE;
import static dev.kiln.model.secrets.AclPermission.READ;
import static dev.kiln.model.secrets.AclPermission.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.secrets.AclItem;
import dev.kiln.model.secrets.AclPermission;
import dev.kiln.server.api.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeAccessTest {
  private static final Principal ANN = new Principal(2, "ann", false);
  private static final Principal ADMIN = new Principal(1, "admin", true);

  @Test
  void manageIncludesWriteWhichIncludesRead() {
    assertThat(MANAGE.includes(MANAGE)).isTrue();
    assertThat(MANAGE.includes(WRITE)).isTrue();
    assertThat(MANAGE.includes(READ)).isTrue();
    assertThat(WRITE.includes(MANAGE)).isFalse();
    assertThat(WRITE.includes(WRITE)).isTrue();
    assertThat(WRITE.includes(READ)).isTrue();
    assertThat(READ.includes(MANAGE)).isFalse();
    assertThat(READ.includes(WRITE)).isFalse();
    assertThat(READ.includes(READ)).isTrue();
  }

  @Test
  void noAclMeansNoPermission() {
    assertThat(ScopeAccess.effective(ANN, List.of())).isEmpty();
    assertThat(ScopeAccess.effective(ANN, List.of(new AclItem("bob", MANAGE)))).isEmpty();
  }

  @Test
  void theUserNamesAclApplies() {
    assertThat(ScopeAccess.effective(ANN, List.of(new AclItem("ann", WRITE)))).hasValue(WRITE);
  }

  @Test
  void theGroupUsersAppliesToEveryoneAndTheStrongestAclWins() {
    assertThat(ScopeAccess.effective(ANN, List.of(new AclItem("users", READ)))).hasValue(READ);
    assertThat(
            ScopeAccess.effective(
                ANN, List.of(new AclItem("users", MANAGE), new AclItem("ann", READ))))
        .hasValue(MANAGE);
    assertThat(
            ScopeAccess.effective(
                ANN, List.of(new AclItem("users", READ), new AclItem("ann", WRITE))))
        .hasValue(WRITE);
  }

  @Test
  void theGroupAdminsDoesNotApplyToOthers() {
    assertThat(ScopeAccess.effective(ANN, List.of(new AclItem("admins", MANAGE)))).isEmpty();
  }

  @Test
  void adminsManageEveryScope() {
    for (List<AclItem> acls : List.of(List.<AclItem>of(), List.of(new AclItem("admin", READ)))) {
      assertThat(ScopeAccess.effective(ADMIN, acls)).hasValue(AclPermission.MANAGE);
    }
  }

  @Test
  void principalsOfNamesTheUserAndTheirGroups() {
    assertThat(ScopeAccess.principalsOf(ANN)).containsExactly("ann", "users");
    assertThat(ScopeAccess.principalsOf(ADMIN)).containsExactly("admin", "users", "admins");
  }
}
