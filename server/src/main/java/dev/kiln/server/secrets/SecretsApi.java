package dev.kiln.server.secrets;

import dev.kiln.model.secrets.CreateScopeRequest;
import dev.kiln.model.secrets.DeleteAclRequest;
import dev.kiln.model.secrets.DeleteScopeRequest;
import dev.kiln.model.secrets.DeleteSecretRequest;
import dev.kiln.model.secrets.ListAclsResponse;
import dev.kiln.model.secrets.ListScopesResponse;
import dev.kiln.model.secrets.ListSecretsResponse;
import dev.kiln.model.secrets.PutAclRequest;
import dev.kiln.model.secrets.PutSecretRequest;
import dev.kiln.model.secrets.SecretQuery;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;
import io.javalin.http.Context;

/** Secrets API 2.0: scopes, secrets and scope ACLs under {@code /api/2.0/secrets}. */
public final class SecretsApi {
  private static final String BASE = "/api/2.0/secrets";

  private final ScopeService scopes;
  private final SecretService secrets;
  private final SecretAclService acls;
  private final Requests requests;

  public SecretsApi(
      ScopeService scopes, SecretService secrets, SecretAclService acls, Requests requests) {
    this.scopes = scopes;
    this.secrets = secrets;
    this.acls = acls;
    this.requests = requests;
  }

  public void register(Router router) {
    new Routes(router, requests, BASE)
        .post(
            "/scopes/create",
            CreateScopeRequest.class,
            (ctx, req) -> scopes.create(Principal.of(ctx), req))
        .post(
            "/scopes/delete",
            DeleteScopeRequest.class,
            (ctx, req) -> scopes.delete(Principal.of(ctx), req.scope()))
        .get("/scopes/list", ctx -> new ListScopesResponse(scopes.list(Principal.of(ctx))))
        .post("/put", PutSecretRequest.class, (ctx, req) -> secrets.put(Principal.of(ctx), req))
        .post(
            "/delete",
            DeleteSecretRequest.class,
            (ctx, req) -> secrets.delete(Principal.of(ctx), req.scope(), req.key()))
        .get(
            "/list",
            ctx -> new ListSecretsResponse(secrets.list(Principal.of(ctx), query(ctx).scope())))
        .get(
            "/get",
            ctx -> {
              SecretQuery q = query(ctx);
              return secrets.get(Principal.of(ctx), q.scope(), q.key());
            })
        .post("/acls/put", PutAclRequest.class, (ctx, req) -> acls.put(Principal.of(ctx), req))
        .post(
            "/acls/delete",
            DeleteAclRequest.class,
            (ctx, req) -> acls.delete(Principal.of(ctx), req.scope(), req.principal()))
        .get(
            "/acls/get",
            ctx -> {
              SecretQuery q = query(ctx);
              return acls.get(Principal.of(ctx), q.scope(), q.principal());
            })
        .get(
            "/acls/list",
            ctx -> new ListAclsResponse(acls.list(Principal.of(ctx), query(ctx).scope())));
  }

  private SecretQuery query(Context ctx) {
    return requests.query(ctx, SecretQuery.class);
  }
}
