package dev.kiln.server.secrets;

import dev.kiln.model.secrets.AclPermission;
import dev.kiln.model.secrets.CreateScopeRequest;
import dev.kiln.model.secrets.ScopeBackendType;
import dev.kiln.model.secrets.SecretScope;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Secret scopes: creating, listing and deleting them. */
public final class ScopeService {
  static final int MAX_SCOPES = 100;

  private final Jdbi jdbi;
  private final Clock clock;

  /** The workspace-wide scope limit is a count, so creations are taken one at a time. */
  private final Object createLock = new Object();

  public ScopeService(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Creates a scope; its creator, and {@code users} if asked for, get MANAGE on it. */
  public void create(Principal caller, CreateScopeRequest req) {
    String name = SecretNames.scope(req.scope());
    checkBackend(req);
    boolean everyoneManages = everyoneManages(req.initialManagePrincipal());
    Scope scope =
        new Scope(name, ScopeBackendType.DATABRICKS.name(), caller.userName(), clock.millis());
    synchronized (createLock) {
      jdbi.useTransaction(
          h -> {
            ScopeDao scopes = h.attach(ScopeDao.class);
            if (scopes.byName(name).isPresent()) {
              throw ApiException.alreadyExists("Scope " + name + " already exists!");
            }
            if (scopes.count() >= MAX_SCOPES) {
              throw new ApiException(
                  ErrorCode.RESOURCE_LIMIT_EXCEEDED,
                  "A workspace can have at most " + MAX_SCOPES + " secret scopes");
            }
            scopes.insert(scope);
            AclDao acls = h.attach(AclDao.class);
            acls.put(name, caller.userName(), AclPermission.MANAGE);
            if (everyoneManages) {
              acls.put(name, ScopeAccess.USERS, AclPermission.MANAGE);
            }
          });
    }
  }

  private static void checkBackend(CreateScopeRequest req) {
    String type = req.scopeBackendType();
    if (ScopeBackendType.AZURE_KEYVAULT.name().equals(type) || req.backendAzureKeyvault() != null) {
      throw ApiException.invalid(
          "Azure Key Vault-backed secret scopes are not supported by Kiln: create the scope with"
              + " scope_backend_type DATABRICKS (or omit it) and put its secrets into Kiln");
    }
    if (type != null && !type.isEmpty() && !ScopeBackendType.DATABRICKS.name().equals(type)) {
      throw ApiException.invalid(
          "scope_backend_type must be DATABRICKS or AZURE_KEYVAULT, got '" + type + "'");
    }
  }

  /** Databricks accepts only the group {@code users} as the initial manager. */
  private static boolean everyoneManages(String initialManagePrincipal) {
    if (initialManagePrincipal == null || initialManagePrincipal.isEmpty()) {
      return false;
    }
    if (!ScopeAccess.USERS.equals(initialManagePrincipal)) {
      throw ApiException.invalid(
          "initial_manage_principal must be 'users' or omitted, got '"
              + initialManagePrincipal
              + "'");
    }
    return true;
  }

  /** Deletes a scope with its secrets and ACLs; needs MANAGE. */
  public void delete(Principal caller, String scope) {
    String name = SecretNames.scope(scope);
    jdbi.useTransaction(
        h -> {
          ScopeAccess.require(h, caller, name, AclPermission.MANAGE, true);
          h.attach(ScopeDao.class).delete(name);
        });
  }

  /** The scopes {@code caller} can read, by name. */
  public List<SecretScope> list(Principal caller) {
    List<Scope> scopes =
        jdbi.withExtension(
            ScopeDao.class,
            dao -> caller.admin() ? dao.all() : dao.visibleTo(ScopeAccess.principalsOf(caller)));
    return scopes.stream()
        .map(s -> new SecretScope(s.name(), ScopeBackendType.valueOf(s.backendType())))
        .toList();
  }
}
