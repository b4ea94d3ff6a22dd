package dev.kiln.server.secrets;

import dev.kiln.model.Empty;
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
    router
        .post(
            BASE + "/scopes/create",
            ctx -> {
              scopes.create(Principal.of(ctx), requests.body(ctx, CreateScopeRequest.class));
              ctx.json(Empty.INSTANCE);
            })
        .post(
            BASE + "/scopes/delete",
            ctx -> {
              scopes.delete(
                  Principal.of(ctx), requests.body(ctx, DeleteScopeRequest.class).scope());
              ctx.json(Empty.INSTANCE);
            })
        .get(
            BASE + "/scopes/list",
            ctx -> ctx.json(new ListScopesResponse(scopes.list(Principal.of(ctx)))))
        .post(
            BASE + "/put",
            ctx -> {
              secrets.put(Principal.of(ctx), requests.body(ctx, PutSecretRequest.class));
              ctx.json(Empty.INSTANCE);
            })
        .post(
            BASE + "/delete",
            ctx -> {
              DeleteSecretRequest req = requests.body(ctx, DeleteSecretRequest.class);
              secrets.delete(Principal.of(ctx), req.scope(), req.key());
              ctx.json(Empty.INSTANCE);
            })
        .get(
            BASE + "/list",
            ctx -> {
              SecretQuery q = requests.query(ctx, SecretQuery.class);
              ctx.json(new ListSecretsResponse(secrets.list(Principal.of(ctx), q.scope())));
            })
        .get(
            BASE + "/get",
            ctx -> {
              SecretQuery q = requests.query(ctx, SecretQuery.class);
              ctx.json(secrets.get(Principal.of(ctx), q.scope(), q.key()));
            });
    registerAcls(router);
  }

  private void registerAcls(Router router) {
    router
        .post(
            BASE + "/acls/put",
            ctx -> {
              acls.put(Principal.of(ctx), requests.body(ctx, PutAclRequest.class));
              ctx.json(Empty.INSTANCE);
            })
        .post(
            BASE + "/acls/delete",
            ctx -> {
              DeleteAclRequest req = requests.body(ctx, DeleteAclRequest.class);
              acls.delete(Principal.of(ctx), req.scope(), req.principal());
              ctx.json(Empty.INSTANCE);
            })
        .get(
            BASE + "/acls/get",
            ctx -> {
              SecretQuery q = requests.query(ctx, SecretQuery.class);
              ctx.json(acls.get(Principal.of(ctx), q.scope(), q.principal()));
            })
        .get(
            BASE + "/acls/list",
            ctx -> {
              SecretQuery q = requests.query(ctx, SecretQuery.class);
              ctx.json(new ListAclsResponse(acls.list(Principal.of(ctx), q.scope())));
            });
  }
}
