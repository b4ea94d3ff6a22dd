package dev.kiln.server.secrets;

import dev.kiln.model.secrets.ListScopesResponse;
import dev.kiln.model.secrets.ListSecretsResponse;
import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Router;
import dev.kiln.server.auth.NodeCommandAuth;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.Map;

/**
 * The secrets path of the runtime: {@code dbutils.secrets} on a cluster calls these routes with its
 * node's credentials and the credential of the command that asks, which names the user whose ACLs
 * decide.
 */
public final class NodeSecretsApi {
  private static final String BASE = ApiServer.NODE_API + "secrets";

  private final NodeCommandAuth callers;
  private final ScopeService scopes;
  private final SecretService secrets;

  public NodeSecretsApi(NodeCommandAuth callers, ScopeService scopes, SecretService secrets) {
    this.callers = callers;
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

  /** The user of the command whose credential the node sends (never a name the node picks). */
  private Principal user(Context ctx) {
    return callers.authenticate(ctx).user().principal();
  }
}
