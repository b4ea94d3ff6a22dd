package dev.kiln.server.auth;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.compute.NodeAuth;
import dev.kiln.server.compute.NodeRow;
import io.javalin.http.Context;

/**
 * Authenticates a node calling for the user of one of its commands: the node by its own secret
 * ({@link NodeAuth}), the user by the command credential the control plane handed the driver with
 * the command ({@link CommandCredentials}), who must still exist and be active. A {@code user}
 * parameter is refused: the node never names the user.
 */
public final class NodeCommandAuth {
  private final NodeAuth nodes;
  private final CommandCredentials credentials;
  private final UserService users;

  public NodeCommandAuth(NodeAuth nodes, CommandCredentials credentials, UserService users) {
    this.nodes = nodes;
    this.credentials = credentials;
    this.users = users;
  }

  /** The node, the user its command runs for, and what the credential says. */
  public record Caller(NodeRow node, User user, CommandCredentials.Claims claims) {}

  public Caller authenticate(Context ctx) {
    NodeRow node = nodes.authenticate(ctx);
    if (ctx.queryParam("user") != null) {
      throw ApiException.invalid(
          "The user parameter is not accepted: the command credential ("
              + CommandCredentials.HEADER
              + ") names the user");
    }
    if (node.clusterId() == null) {
      throw new ApiException(ErrorCode.PERMISSION_DENIED, "This node belongs to no cluster");
    }
    CommandCredentials.Claims claims =
        credentials.verify(
            ctx.header(CommandCredentials.HEADER),
            new CommandCredentials.Driver(node.clusterId(), node.generation(), node.instanceId()));
    User user =
        users
            .byName(claims.user())
            .filter(User::active)
            .orElseThrow(
                () ->
                    ApiException.denied(
                        "User " + claims.user() + " no longer exists or is not active"));
    return new Caller(node, user, claims);
  }
}
