package dev.kiln.server.secrets;

import dev.kiln.model.secrets.AclItem;
import dev.kiln.model.secrets.AclPermission;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Who may do what on a scope. ACLs apply to the whole scope and MANAGE > WRITE > READ. A caller
 * holds the strongest permission among the ACLs of their user name and of the group {@code users}
 * (everyone); workspace admins hold MANAGE on every scope.
 */
final class ScopeAccess {
  /** The group every user belongs to. */
  static final String USERS = "users";

  /** The group of workspace admins. */
  static final String ADMINS = "admins";

  private ScopeAccess() {}

  /** The ACL principals that speak for {@code caller}. */
  static List<String> principalsOf(Principal caller) {
    return caller.admin()
        ? List.of(caller.userName(), USERS, ADMINS)
        : List.of(caller.userName(), USERS);
  }

  /** The permission {@code caller} holds given a scope's ACLs; empty when none. */
  static Optional<AclPermission> effective(Principal caller, List<AclItem> acls) {
    if (caller.admin()) {
      return Optional.of(AclPermission.MANAGE);
    }
    List<String> mine = principalsOf(caller);
    return acls.stream()
        .filter(a -> mine.contains(a.principal()))
        .map(AclItem::permission)
        .max(Comparator.naturalOrder());
  }

  /**
   * The scope, once {@code caller} is known to hold {@code needed} on it.
   *
   * @param lock whether to lock the scope's row for the rest of the transaction (for changes)
   */
  static Scope require(
      Handle h, Principal caller, String scope, AclPermission needed, boolean lock) {
    ScopeDao scopes = h.attach(ScopeDao.class);
    Scope found =
        (lock ? scopes.lock(scope) : scopes.byName(scope))
            .orElseThrow(() -> ApiException.notFound("Scope " + scope + " does not exist!"));
    Optional<AclPermission> held = effective(caller, h.attach(AclDao.class).list(scope));
    if (held.isEmpty() || !held.get().includes(needed)) {
      throw ApiException.denied(
          "User "
              + caller.userName()
              + " does not have "
              + needed
              + " permission on scope "
              + scope);
    }
    return found;
  }
}
