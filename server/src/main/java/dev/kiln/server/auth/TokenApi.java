package dev.kiln.server.auth;

import dev.kiln.model.Empty;
import dev.kiln.model.auth.CreateTokenRequest;
import dev.kiln.model.auth.DeleteTokenRequest;
import dev.kiln.model.auth.ListTokensResponse;
import dev.kiln.model.auth.ManagedToken;
import dev.kiln.model.auth.ManagedTokenList;
import dev.kiln.model.auth.OnBehalfTokenRequest;
import dev.kiln.model.auth.OnBehalfTokenResponse;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import java.util.function.Supplier;

/** Token API 2.0 (a user's own tokens) and token management (an admin's view of all tokens). */
public final class TokenApi {
  private final TokenService tokens;
  private final UserService users;
  private final Requests requests;
  private final Supplier<String> workspaceId;

  public TokenApi(
      TokenService tokens, UserService users, Requests requests, Supplier<String> workspaceId) {
    this.tokens = tokens;
    this.users = users;
    this.requests = requests;
    this.workspaceId = workspaceId;
  }

  public void register(Router router) {
    router
        .post(
            "/api/2.0/token/create",
            ctx -> {
              CreateTokenRequest req = requests.body(ctx, CreateTokenRequest.class);
              ctx.json(
                  tokens.create(Principal.of(ctx).userId(), req.lifetimeSeconds(), req.comment()));
            })
        .get(
            "/api/2.0/token/list",
            ctx -> ctx.json(new ListTokensResponse(tokens.list(Principal.of(ctx).userId()))))
        .post(
            "/api/2.0/token/delete",
            ctx -> {
              DeleteTokenRequest req = requests.body(ctx, DeleteTokenRequest.class);
              tokens.delete(Principal.of(ctx).userId(), req.tokenId());
              ctx.json(Empty.INSTANCE);
            })
        .get(
            "/api/2.0/token-management/tokens",
            ctx -> {
              Principal.admin(ctx);
              ctx.json(new ManagedTokenList(tokens.listAll(workspaceId.get())));
            })
        .get(
            "/api/2.0/token-management/tokens/{token_id}",
            ctx -> {
              Principal.admin(ctx);
              ctx.json(
                  new ManagedToken(tokens.getAny(ctx.pathParam("token_id"), workspaceId.get())));
            })
        .delete(
            "/api/2.0/token-management/tokens/{token_id}",
            ctx -> {
              Principal.admin(ctx);
              tokens.deleteAny(ctx.pathParam("token_id"));
              ctx.json(Empty.INSTANCE);
            })
        .post(
            "/api/2.0/token-management/on-behalf-of/tokens",
            ctx -> {
              Principal.admin(ctx);
              OnBehalfTokenRequest req = requests.body(ctx, OnBehalfTokenRequest.class);
              User owner = findUser(ApiException.required(req.applicationId(), "application_id"));
              TokenService.Issued issued =
                  tokens.issue(owner.id(), req.lifetimeSeconds(), req.comment());
              ctx.json(
                  new OnBehalfTokenResponse(
                      issued.value(),
                      TokenService.adminInfo(issued.token(), owner, workspaceId.get())));
            });
  }

  /** A user by id or by user name. */
  private User findUser(String idOrName) {
    return users
        .byName(idOrName)
        .orElseGet(
            () -> {
              try {
                return users.get(idOrName);
              } catch (ApiException e) {
                throw ApiException.invalid("No user or service principal " + idOrName);
              }
            });
  }
}
