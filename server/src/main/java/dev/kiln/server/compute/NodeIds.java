package dev.kiln.server.compute;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random names and secrets of new nodes, whichever reconciler launches them. */
public final class NodeIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private NodeIds() {}

  /** A new node's instance id, {@code i-} and 16 hex digits. */
  public static String instanceId() {
    return "i-" + hex(8);
  }

  /** A new node's secret, with which it and the control plane authenticate each other. */
  public static String secret() {
    return hex(24);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
