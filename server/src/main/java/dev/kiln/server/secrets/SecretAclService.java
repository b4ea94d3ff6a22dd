package dev.kiln.server.secrets;

import dev.kiln.model.secrets.AclItem;
import dev.kiln.model.secrets.AclPermission;
import dev.kiln.model.secrets.PutAclRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/** The ACLs of secret scopes; every call needs MANAGE on the scope. */
public final class SecretAclService {
  private final Jdbi jdbi;
  private final Predicate<String> userExists;

  /**
   * @param userExists whether a user name names a user, the other kind of ACL principal
   */
  public SecretAclService(Jdbi jdbi, Predicate<String> userExists) {
    this.jdbi = jdbi;
    this.userExists = userExists;
  }

  /** Grants {@code permission} to a principal, replacing what it had. */
  public void put(Principal caller, PutAclRequest req) {
    String scope = SecretNames.scope(req.scope());
    String principal = SecretNames.principal(req.principal());
    AclPermission permission = permissionOf(req.permission());
    if (!isGroup(principal) && !userExists.test(principal)) {
      throw ApiException.invalid(
          "Principal "
              + principal
              + " is neither a user of this workspace nor one of the groups 'users' and 'admins'");
    }
    jdbi.useTransaction(
        h -> {
          ScopeAccess.require(h, caller, scope, AclPermission.MANAGE, true);
          h.attach(AclDao.class).put(scope, principal, permission);
        });
  }

  static AclPermission permissionOf(String permission) {
    ApiException.required(permission, "permission");
    try {
      return AclPermission.valueOf(permission);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "permission must be one of "
              + Arrays.toString(AclPermission.values())
              + ", got '"
              + permission
              + "'");
    }
  }

  private static boolean isGroup(String principal) {
    return principal.equals(ScopeAccess.USERS) || principal.equals(ScopeAccess.ADMINS);
  }

  public void delete(Principal caller, String scope, String principal) {
    String s = SecretNames.scope(scope);
    String p = SecretNames.principal(principal);
    jdbi.useTransaction(
        h -> {
          ScopeAccess.require(h, caller, s, AclPermission.MANAGE, true);
          if (h.attach(AclDao.class).delete(s, p) == 0) {
            throw notFound(s, p);
          }
        });
  }

  /** Drops every grant to a user who is being deleted. */
  public void forgetUser(String userName) {
    jdbi.useExtension(AclDao.class, dao -> dao.deleteForPrincipal(userName));
  }

  /** The ACL given to exactly this principal (not what it holds through a group). */
  public AclItem get(Principal caller, String scope, String principal) {
    String s = SecretNames.scope(scope);
    String p = SecretNames.principal(principal);
    return jdbi.inTransaction(
        h -> {
          ScopeAccess.require(h, caller, s, AclPermission.MANAGE, false);
          return h.attach(AclDao.class).get(s, p).orElseThrow(() -> notFound(s, p));
        });
  }

  public List<AclItem> list(Principal caller, String scope) {
    String s = SecretNames.scope(scope);
    return jdbi.inTransaction(
        h -> {
          ScopeAccess.require(h, caller, s, AclPermission.MANAGE, false);
          return h.attach(AclDao.class).list(s);
        });
  }

  private static ApiException notFound(String scope, String principal) {
    return ApiException.notFound(
        "No ACL for principal " + principal + " on scope " + scope + " exists");
  }
}
