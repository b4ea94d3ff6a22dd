package dev.kiln.server.clusters;

import dev.kiln.server.api.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster settings a spec may not carry, because they would open a cluster up or undo what Kiln
 * sets on every node for its safety: nodes listen on 127.0.0.1 only, Spark RPC is authenticated
 * (and encrypted) with the cluster's own secret, Spark Connect takes Kiln tokens only, the Spark UI
 * is reached through Kiln's proxy, {@code dbfs:/} and the shared metastore are Kiln's. Checked on
 * every spec that becomes a node's Spark conf or environment (cluster create and edit, job
 * clusters); a refusal is INVALID_PARAMETER_VALUE naming the key.
 */
public final class ProtectedSparkConf {
  /** Spark conf keys refused as they are. */
  static final Set<String> KEYS =
      Set.of(
          // Where nodes listen and what they tell others to connect to.
          "spark.driver.bindAddress",
          "spark.driver.host",
          "spark.connect.grpc.binding.address",
          "spark.connect.grpc.binding.port",
          "spark.ui.port",
          // The UI is served under Kiln's proxy, behind Kiln's sign-in.
          "spark.ui.proxyBase",
          "spark.ui.proxyRedirectUri",
          "spark.ui.reverseProxy",
          "spark.ui.reverseProxyUrl",
          "spark.ui.filters",
          // Spark Connect: Kiln's token check is the only way in.
          "spark.connect.grpc.interceptor.classes",
          "spark.connect.authenticate.token",
          // DBFS is Kiln's file system.
          "spark.hadoop.fs.dbfs.impl",
          "spark.hadoop.fs.AbstractFileSystem.dbfs.impl",
          "spark.hadoop.kiln.dbfs.root",
          // Files in DBFS stay writable by every cluster's node accounts (Kiln's 007).
          "spark.hadoop.fs.permissions.umask-mode");

  /** Spark conf key prefixes refused. */
  static final List<String> PREFIXES =
      List.of(
          // RPC authentication and encryption, and their secret.
          "spark.authenticate",
          "spark.network.crypto.",
          "spark.network.sasl.",
          // The standalone Master's REST submission server (off: it takes unauthenticated jobs).
          "spark.master.rest.",
          // The shared metastore's connection and schema.
          "spark.hadoop.javax.jdo.option.",
          "spark.hadoop.datanucleus.",
          "spark.hadoop.hive.metastore.",
          "spark.sql.hive.metastore.",
          // Kiln's own keys that say where the control plane is.
          "spark.kiln.connect.");

  /** Environment variables refused as they are ({@code spark_env_vars}). */
  static final Set<String> ENV =
      Set.of(
          "SPARK_LOCAL_IP",
          "SPARK_LOCAL_HOSTNAME",
          "SPARK_PUBLIC_DNS",
          "SPARK_MASTER_HOST",
          "SPARK_MASTER_IP",
          "SPARK_HOME",
          "_SPARK_AUTH_SECRET");

  /**
   * JVM options: settings that are themselves checked for {@code -Dkey=value} of a refused key and
   * for options that open a port to the network (a debugger, JMX).
   */
  static final Set<String> JVM_OPTION_KEYS =
      Set.of(
          "spark.driver.extraJavaOptions",
          "spark.driver.defaultJavaOptions",
          "spark.executor.extraJavaOptions",
          "spark.executor.defaultJavaOptions");

  static final Set<String> JVM_OPTION_ENV =
      Set.of(
          "JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "SPARK_DAEMON_JAVA_OPTS",
          "SPARK_MASTER_OPTS",
          "SPARK_WORKER_OPTS",
          "SPARK_EXECUTOR_OPTS",
          "SPARK_DRIVER_OPTS",
          "SPARK_SUBMIT_OPTS");

  private static final Pattern OPENING_OPTION =
      Pattern.compile("(?i)(-agentlib:jdwp|-xrunjdwp|-agentpath:|-dcom\\.sun\\.management\\.)");
  private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D([^=\\s]+)(=\\S*)?");

  private ProtectedSparkConf() {}

  /** Refuses the first protected setting of {@code sparkConf} and {@code envVars}, naming it. */
  public static void check(Map<String, String> sparkConf, Map<String, String> envVars) {
    if (sparkConf != null) {
      for (Map.Entry<String, String> e : sparkConf.entrySet()) {
        refusal("spark_conf", e.getKey(), e.getValue())
            .ifPresent(
                why -> {
                  throw ApiException.invalid(why);
                });
      }
    }
    if (envVars != null) {
      for (Map.Entry<String, String> e : envVars.entrySet()) {
        envRefusal(e.getKey(), e.getValue())
            .ifPresent(
                why -> {
                  throw ApiException.invalid(why);
                });
      }
    }
  }

  /** Why a Spark conf key (with its value) is refused, if it is. */
  static Optional<String> refusal(String field, String key, String value) {
    if (key == null) {
      return Optional.empty();
    }
    String k = key.strip();
    if (protectedKey(k)) {
      return Optional.of(
          field
              + " key "
              + k
              + " cannot be set: Kiln sets it on every node to keep the cluster closed (see the"
              + " README's Security section)");
    }
    if (k.equals("spark.master") && value != null && !isLocalMaster(value.strip())) {
      return Optional.of(
          field
              + " key spark.master can only be local, local[N] or local[*] (a Single Node"
              + " cluster): Kiln connects a cluster's nodes itself; got "
              + value);
    }
    if (k.startsWith("spark.executorEnv.")) {
      return envRefusal(k.substring("spark.executorEnv.".length()), value)
          .map(why -> field + " key " + k + ": " + why);
    }
    if (JVM_OPTION_KEYS.contains(k)) {
      return jvmOptionsRefusal(value).map(why -> field + " key " + k + " " + why);
    }
    return Optional.empty();
  }

  /** Why an environment variable of a node is refused, if it is. */
  static Optional<String> envRefusal(String name, String value) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip();
    if (ENV.contains(n)) {
      return Optional.of(
          "spark_env_vars key "
              + n
              + " cannot be set: Kiln sets it on every node to keep the cluster closed");
    }
    if (JVM_OPTION_ENV.contains(n)) {
      return jvmOptionsRefusal(value).map(why -> "spark_env_vars key " + n + " " + why);
    }
    return Optional.empty();
  }

  private static boolean protectedKey(String key) {
    if (KEYS.contains(key)) {
      return true;
    }
    for (String prefix : PREFIXES) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocalMaster(String master) {
    return master.matches("local(\\[(\\*|\\d+)(,\\s*\\d+)?])?");
  }

  /** JVM options that open a port, or set a protected key as a system property. */
  private static Optional<String> jvmOptionsRefusal(String options) {
    if (options == null) {
      return Optional.empty();
    }
    Matcher opening = OPENING_OPTION.matcher(options);
    if (opening.find()) {
      return Optional.of(
          "cannot hold "
              + options.substring(opening.start(), opening.end())
              + ": it would open a port of the node to the network");
    }
    Matcher property = SYSTEM_PROPERTY.matcher(options);
    while (property.find()) {
      String key = property.group(1);
      if (protectedKey(key) || key.equals("spark.master")) {
        return Optional.of(
            "cannot set "
                + key
                + " (-D"
                + key
                + "): Kiln sets it on every node to keep the cluster closed");
      }
    }
    return Optional.empty();
  }
}
