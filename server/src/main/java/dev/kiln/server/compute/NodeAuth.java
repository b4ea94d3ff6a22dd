package dev.kiln.server.compute;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jdbi.v3.core.Jdbi;

/**
 * Authenticates a call from a cluster node: its instance id in {@code X-Kiln-Instance} and its own
 * secret as the bearer token. Only live nodes are let in.
 */
public final class NodeAuth {
  public static final String INSTANCE_HEADER = "X-Kiln-Instance";

  private final NodeDao nodes;

  public NodeAuth(Jdbi jdbi) {
    this.nodes = jdbi.onDemand(NodeDao.class);
  }

  public NodeRow authenticate(Context ctx) {
    String instanceId = ctx.header(INSTANCE_HEADER);
    String header = ctx.header("Authorization");
    String secret = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
    if (instanceId == null || secret == null) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "Node credentials are missing");
    }
    NodeRow node =
        nodes
            .byId(instanceId)
            .filter(NodeRow::isLive)
            .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "Unknown node"));
    if (!MessageDigest.isEqual(
        node.nodeSecret().getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "Invalid node credentials");
    }
    return node;
  }
}
