package dev.kiln.server.compute;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The identities of clusters, pools and nodes, in Databricks' shapes: {@code 0308-101010-abcdefgh}
 * for a cluster (creation time in UTC, then 8 random characters), {@code
 * 0308-101010-kiln-pool-abcdefgh} for a pool, {@code i-} and 16 hex digits for a node.
 */
public final class ComputeIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("MMdd-HHmmss");
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private ComputeIds() {}

  public static String clusterId(long now) {
    return timed(now, "-");
  }

  public static String poolId(long now) {
    return timed(now, "-kiln-pool-");
  }

  public static String instanceId() {
    return "i-" + hex(8);
  }

  /** A new node's secret, with which it and the control plane authenticate each other. */
  public static String nodeSecret() {
    return hex(24);
  }

  /** A new Spark context id: positive, as Databricks' are. */
  public static long sparkContextId() {
    return RANDOM.nextLong() & Long.MAX_VALUE;
  }

  /** {@code bytes} random bytes as hex, for secrets and ids. */
  public static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String timed(long now, String separator) {
    StringBuilder id =
        new StringBuilder(ID_TIME.format(Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC)))
            .append(separator);
    for (int i = 0; i < 8; i++) {
      id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
    }
    return id.toString();
  }
}
