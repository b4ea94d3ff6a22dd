package dev.kiln.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What every Spark process of a cluster (Master, Worker, driver, executors) agrees on: RPC only
 * between holders of the cluster's secret, and encrypted, so that neither another cluster's user
 * code nor anything else on the host's network can join the cluster or read its traffic (task
 * closures, broadcast data, shuffle blocks). Executors receive these from their launch command
 * ({@code spark.auth*} and {@code spark.network*} are startup settings Workers pass on).
 */
public final class SparkRpcSecurity {
  private SparkRpcSecurity() {}

  /** The settings for a cluster whose Spark secret is {@code secret}. */
  public static Map<String, String> settings(String secret) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.authenticate", "true");
    settings.put("spark.authenticate.secret", secret);
    settings.put("spark.network.crypto.enabled", "true");
    // Version 2 of the key exchange: version 1's derivation is known to be weak (Spark's default
    // keeps 1 only for old clients).
    settings.put("spark.network.crypto.authEngineVersion", "2");
    // No fallback to SASL's DIGEST-MD5, which authenticates but does not encrypt.
    settings.put("spark.network.crypto.saslFallback", "false");
    // Spark's newer AES-GCM mode authenticates each message, not only the handshake.
    settings.put("spark.network.crypto.cipher", "AES/GCM/NoPadding");
    return settings;
  }

  /** Applies {@link #settings} through a setter ({@code SparkConf::set}, a builder's config). */
  public static void apply(String secret, BiConsumer<String, String> set) {
    settings(secret).forEach(set);
  }
}
