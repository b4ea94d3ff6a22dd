package dev.kiln.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@link KilnConfig}: defaults, then {@code <home>/kiln.conf} (Java properties), then {@code
 * KILN_*} environment variables, then flags. Unknown keys and bad values fail at start, with the
 * key named, rather than being ignored.
 */
public final class ConfigLoader {
  /** Config keys; the environment variable of {@code db.url} is {@code KILN_DB_URL}. */
  public static final Set<String> KEYS =
      Set.of(
          "host",
          "port",
          "db.url",
          "db.user",
          "db.password",
          "dbfs.root",
          "secrets.key",
          "max_body_bytes",
          "runtime.dir",
          "compute.cores",
          "compute.memory_mb",
          "compute.node_orphan_timeout_seconds",
          "compute.autoscale_backlog_seconds",
          "compute.autoscale_idle_seconds",
          "compute.isolation",
          "compute.node_jvm_options",
          "metastore.port",
          "metastore.url",
          "metastore.user",
          "metastore.password");

  private ConfigLoader() {}

  public static Path defaultHome(Map<String, String> env) {
    String home = env.get("KILN_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".kiln");
  }

  /**
   * Loads the config of {@code home}.
   *
   * @param overrides values from flags, by config key
   */
  public static KilnConfig load(Path home, Map<String, String> env, Map<String, String> overrides)
      throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    Path file = home.resolve("kiln.conf");
    if (Files.exists(file)) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      }
      Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
      unknown.removeAll(KEYS);
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            file + ": unknown keys " + unknown + "; known keys are " + new TreeSet<>(KEYS));
      }
      props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
    }
    for (String key : KEYS) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(key, fromEnv.trim());
      }
    }
    overrides.forEach(
        (k, v) -> {
          if (!KEYS.contains(k)) {
            throw new IllegalArgumentException("unknown config key " + k);
          }
          values.put(k, v);
        });
    return apply(KilnConfig.defaults(home), values);
  }

  public static String envName(String key) {
    return "KILN_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static KilnConfig apply(KilnConfig d, Map<String, String> v) {
    return new KilnConfig(
        d.home(),
        v.getOrDefault("host", d.host()),
        intValue(v, "port", d.port()),
        v.getOrDefault("db.url", d.dbUrl()),
        v.getOrDefault("db.user", d.dbUser()),
        v.getOrDefault("db.password", d.dbPassword()),
        v.containsKey("dbfs.root") ? Path.of(v.get("dbfs.root")) : d.dbfsRoot(),
        v.getOrDefault("secrets.key", d.secretsKey()),
        longValue(v, "max_body_bytes", d.maxBodyBytes()),
        new ComputeConfig(
            v.containsKey("runtime.dir") ? Path.of(v.get("runtime.dir")) : d.compute().runtimeDir(),
            intValue(v, "compute.cores", d.compute().cores()),
            longValue(v, "compute.memory_mb", d.compute().memoryMb()),
            longValue(
                v, "compute.node_orphan_timeout_seconds", d.compute().nodeOrphanTimeoutSeconds()),
            longValue(
                v, "compute.autoscale_backlog_seconds", d.compute().autoscaleBacklogSeconds()),
            longValue(v, "compute.autoscale_idle_seconds", d.compute().autoscaleIdleSeconds()),
            v.getOrDefault("compute.isolation", d.compute().isolation()),
            v.containsKey("compute.node_jvm_options")
                ? words(v.get("compute.node_jvm_options"))
                : d.compute().nodeJvmOptions()),
        new KilnConfig.MetastoreConfig(
            intValue(v, "metastore.port", d.metastore().port()),
            v.getOrDefault("metastore.url", d.metastore().url()),
            v.getOrDefault("metastore.user", d.metastore().user()),
            v.getOrDefault("metastore.password", d.metastore().password())));
  }

  private static List<String> words(String value) {
    return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  private static int intValue(Map<String, String> v, String key, int fallback) {
    return (int) longValue(v, key, fallback);
  }

  private static long longValue(Map<String, String> v, String key, long fallback) {
    String s = v.get(key);
    if (s == null) {
      return fallback;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + s + "'", e);
    }
  }
}
