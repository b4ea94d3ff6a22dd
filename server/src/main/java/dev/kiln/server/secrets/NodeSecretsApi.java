package dev.kiln.server.secrets;

import dev.kiln.model.secrets.ListScopesResponse;
import dev.kiln.model.secrets.ListSecretsResponse;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Router;
import dev.kiln.server.auth.User;
import dev.kiln.server.auth.UserService;
import dev.kiln.server.compute.NodeAuth;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.Map;

/**
 * The secrets path of the runtime: {@code dbutils.secrets} on a cluster calls these routes with its
 * node's credentials and the name of the user whose command asks, and that user's ACLs decide.
 */
public final class NodeSecretsApi {
  private static final String BASE = ApiServer.NODE_API + "secrets";

  private final NodeAuth nodes;
  private final UserService users;
  private final ScopeService scopes;
  private final SecretService secrets;

  public NodeSecretsApi(
      NodeAuth nodes, UserService users, ScopeService scopes, SecretService secrets) {
    this.nodes = nodes;
    this.users = users;
    this.scopes = scopes;
    this.secrets = secrets;
  }

  public void register(Router router) {
    router
        .get(
            BASE + "/get",
            ctx -> {
              Principal user = user(ctx);
              byte[] value =
                  secrets.readValue(user, ctx.queryParam("scope"), ctx.queryParam("key"));
              ctx.json(Map.of("value", Base64.getEncoder().encodeToString(value)));
            })
        .get(
            BASE + "/list",
            ctx -> {
              Principal user = user(ctx);
              ctx.json(new ListSecretsResponse(secrets.list(user, ctx.queryParam("scope"))));
            })
        .get(BASE + "/scopes", ctx -> ctx.json(new ListScopesResponse(scopes.list(user(ctx)))));
  }

  /** The node is checked first; then the user its command runs for, who must still exist. */
  private Principal user(Context ctx) {
    nodes.authenticate(ctx);
    String name = ctx.queryParam("user");
    if (name == null || name.isBlank()) {
      throw ApiException.invalid("Missing required field: user");
    }
    return users
        .byName(name)
        .filter(User::active)
        .map(User::principal)
        .orElseThrow(() -> ApiException.denied("User " + name + " cannot read secrets"));
  }
}
