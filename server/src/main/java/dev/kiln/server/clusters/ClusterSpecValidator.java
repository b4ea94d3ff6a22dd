package dev.kiln.server.clusters;

import dev.kiln.model.clusters.AutoScale;
import dev.kiln.model.clusters.ClusterLogConf;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.DataSecurityMode;
import dev.kiln.model.clusters.InitScriptInfo;
import dev.kiln.model.clusters.NodeType;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a cluster spec before anything is stored, failing with INVALID_PARAMETER_VALUE and a
 * message in Databricks' style. Fields that mean nothing on Kiln (cloud attributes, policies) are
 * not checked; features Kiln lacks (Photon, Docker images, cloud storage) are refused by name.
 */
public final class ClusterSpecValidator {
  static final int MAX_CUSTOM_TAGS = 45;
  static final int MAX_SSH_KEYS = 10;
  static final int MAX_NAME_LENGTH = 100;
  static final int MIN_AUTOTERMINATION = 10;
  static final int MAX_AUTOTERMINATION = 10000;
  private static final Set<String> SUPPORTED_SCRIPT_KINDS = Set.of("workspace", "dbfs", "file");

  private ClusterSpecValidator() {}

  public static void validate(ClusterSpec spec, RuntimeCatalog runtimes, NodeTypeCatalog nodes) {
    checkRuntime(spec, runtimes);
    checkName(spec);
    checkSize(spec);
    checkAutotermination(spec);
    checkConf(spec);
    checkInitScripts(spec.initScripts());
    checkLogConf(spec.clusterLogConf());
    checkEngine(spec);
    checkNodeTypesAndMemory(spec, nodes);
  }

  private static void checkRuntime(ClusterSpec spec, RuntimeCatalog runtimes) {
    ApiException.required(spec.sparkVersion(), "spark_version");
    if (runtimes.find(spec.sparkVersion()).isEmpty()) {
      throw ApiException.invalid(
          "Invalid spark version "
              + spec.sparkVersion()
              + ". Valid versions are: "
              + String.join(", ", runtimes.keys()));
    }
  }

  private static void checkName(ClusterSpec spec) {
    if (spec.clusterName() != null && spec.clusterName().length() > MAX_NAME_LENGTH) {
      throw ApiException.invalid(
          "cluster_name must be at most " + MAX_NAME_LENGTH + " characters long");
    }
  }

  private static void checkSize(ClusterSpec spec) {
    if (spec.numWorkers() != null && spec.numWorkers() < 0) {
      throw ApiException.invalid("num_workers must be non-negative, got " + spec.numWorkers());
    }
    AutoScale a = spec.autoscale();
    if (a == null) {
      return;
    }
    if (a.minWorkers() == null || a.maxWorkers() == null) {
      throw ApiException.invalid("autoscale needs both min_workers and max_workers");
    }
    if (a.minWorkers() < 0) {
      throw ApiException.invalid("autoscale.min_workers must be non-negative: " + a.minWorkers());
    }
    if (a.maxWorkers() < 1) {
      throw ApiException.invalid("autoscale.max_workers must be at least 1: " + a.maxWorkers());
    }
    if (a.maxWorkers() < a.minWorkers()) {
      throw ApiException.invalid(
          "autoscale.max_workers ("
              + a.maxWorkers()
              + ") must be greater than or equal to autoscale.min_workers ("
              + a.minWorkers()
              + ")");
    }
  }

  private static void checkAutotermination(ClusterSpec spec) {
    Integer minutes = spec.autoterminationMinutes();
    if (minutes != null
        && minutes != 0
        && (minutes < MIN_AUTOTERMINATION || minutes > MAX_AUTOTERMINATION)) {
      throw ApiException.invalid(
          "autotermination_minutes must be 0 (never) or between "
              + MIN_AUTOTERMINATION
              + " and "
              + MAX_AUTOTERMINATION
              + ", got "
              + minutes);
    }
  }

  private static void checkConf(ClusterSpec spec) {
    Map<String, String> tags = spec.customTags();
    if (tags != null) {
      if (tags.size() > MAX_CUSTOM_TAGS) {
        throw ApiException.invalid(
            "custom_tags has "
                + tags.size()
                + " tags; at most "
                + MAX_CUSTOM_TAGS
                + " are allowed");
      }
      if (tags.keySet().stream().anyMatch(k -> k == null || k.isBlank())) {
        throw ApiException.invalid("custom_tags keys must not be empty");
      }
    }
    List<String> keys = spec.sshPublicKeys();
    if (keys != null && keys.size() > MAX_SSH_KEYS) {
      throw ApiException.invalid(
          "ssh_public_keys has " + keys.size() + " keys; at most " + MAX_SSH_KEYS + " are allowed");
    }
    noEmptyKeys(spec.sparkConf(), "spark_conf");
    noEmptyKeys(spec.sparkEnvVars(), "spark_env_vars");
    ProtectedSparkConf.check(spec.sparkConf(), spec.sparkEnvVars());
  }

  private static void noEmptyKeys(Map<String, String> map, String field) {
    if (map != null && map.keySet().stream().anyMatch(k -> k == null || k.isBlank())) {
      throw ApiException.invalid(field + " keys must not be empty");
    }
  }

  private static void checkInitScripts(List<InitScriptInfo> scripts) {
    if (scripts == null) {
      return;
    }
    for (int i = 0; i < scripts.size(); i++) {
      InitScriptInfo script = scripts.get(i);
      String where = "init_scripts[" + i + "]";
      List<String> kinds = script == null ? List.of() : script.kinds();
      if (kinds.size() != 1) {
        throw ApiException.invalid(
            where + " must have exactly one of workspace, volumes, dbfs, s3, abfss, gcs, file");
      }
      String kind = kinds.get(0);
      if (!SUPPORTED_SCRIPT_KINDS.contains(kind)) {
        throw ApiException.invalid(
            where
                + ": "
                + kind
                + " init scripts are not supported by Kiln; use workspace, dbfs or file");
      }
      checkDestination(script.destination(), where + "." + kind);
    }
  }

  private static void checkLogConf(ClusterLogConf conf) {
    if (conf == null) {
      return;
    }
    List<String> kinds = conf.kinds();
    if (kinds.size() != 1) {
      throw ApiException.invalid("cluster_log_conf must have exactly one of dbfs, s3, volumes");
    }
    if (!kinds.get(0).equals("dbfs")) {
      throw ApiException.invalid(
          "cluster_log_conf." + kinds.get(0) + " is not supported by Kiln; use dbfs");
    }
    checkDestination(conf.dbfs().destination(), "cluster_log_conf.dbfs");
  }

  /** An absolute path: {@code dbfs:/...}, {@code file:/...} (local scripts) or {@code /...}. */
  private static void checkDestination(String destination, String where) {
    if (destination == null || destination.isBlank()) {
      throw ApiException.invalid("Missing required field: " + where + ".destination");
    }
    if (!destination.startsWith("/")
        && !destination.startsWith("dbfs:/")
        && !(where.endsWith(".file") && destination.startsWith("file:/"))) {
      throw ApiException.invalid(
          where + ".destination must be an absolute path (dbfs:/... or /...): " + destination);
    }
  }

  private static void checkEngine(ClusterSpec spec) {
    String engine = spec.runtimeEngine();
    if (engine != null && !engine.equals("NULL") && !engine.equals("STANDARD")) {
      throw ApiException.invalid(
          engine.equals("PHOTON")
              ? "runtime_engine PHOTON is not supported by Kiln; use STANDARD"
              : "Invalid runtime_engine " + engine + ". Valid values are: NULL, STANDARD");
    }
    if (spec.dockerImage() != null && !spec.dockerImage().isNull()) {
      throw ApiException.invalid(
          "docker_image is not supported by Kiln: clusters run the Kiln Runtime");
    }
    String mode = spec.dataSecurityMode();
    if (mode != null
        && Arrays.stream(DataSecurityMode.values()).noneMatch(m -> m.name().equals(mode))) {
      throw ApiException.invalid(
          "Invalid data_security_mode "
              + mode
              + ". Valid values are: "
              + Arrays.toString(DataSecurityMode.values()));
    }
  }

  private static void checkNodeTypesAndMemory(ClusterSpec spec, NodeTypeCatalog nodes) {
    if (spec.nodeTypeId() == null || spec.nodeTypeId().isBlank()) {
      if (spec.instancePoolId() == null || spec.instancePoolId().isBlank()) {
        throw ApiException.invalid("Missing required field: node_type_id");
      }
      return;
    }
    NodeType worker = nodeType(nodes, spec.nodeTypeId(), "node_type_id");
    NodeType driver =
        spec.driverNodeTypeId() == null
            ? worker
            : nodeType(nodes, spec.driverNodeTypeId(), "driver_node_type_id");
    int workers = spec.maxWorkers();
    long needed = driver.memoryMb() + workers * worker.memoryMb();
    long available = nodes.capacity().memoryMb();
    if (needed > available) {
      throw ApiException.invalid(
          "The cluster needs "
              + needed
              + " MB of memory (driver "
              + driver.memoryMb()
              + " MB + "
              + workers
              + " x "
              + worker.memoryMb()
              + " MB) but this host can give at most "
              + available
              + " MB");
    }
    long cores = Math.round(driver.numCores()) + workers * Math.round(worker.numCores());
    if (cores > nodes.capacity().cores()) {
      throw ApiException.invalid(
          "The cluster needs "
              + cores
              + " cores (driver "
              + Math.round(driver.numCores())
              + " + "
              + workers
              + " x "
              + Math.round(worker.numCores())
              + ") but this host can give at most "
              + nodes.capacity().cores());
    }
    checkExecutorMemory(spec, worker);
  }

  /**
   * An executor larger than what a worker offers would never start, and the cluster would wait for
   * it forever: refuse it up front.
   */
  private static void checkExecutorMemory(ClusterSpec spec, NodeType worker) {
    String value = spec.sparkConf() == null ? null : spec.sparkConf().get("spark.executor.memory");
    if (value == null) {
      return;
    }
    long wanted = memoryMb(value);
    int offered = NodeLaunchPlan.executorMemoryMb(worker.memoryMb().intValue());
    if (wanted > offered) {
      throw ApiException.invalid(
          "spark.executor.memory "
              + value
              + " does not fit a "
              + worker.nodeTypeId()
              + " worker, which gives executors "
              + offered
              + " MB");
    }
  }

  /** Spark's memory strings: a number of MiB, or with a k/m/g/t suffix (b for bytes). */
  static long memoryMb(String value) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*([kmgt]?)b?\\s*").matcher(value);
    if (!m.matches()) {
      throw ApiException.invalid("spark.executor.memory is not a size: " + value);
    }
    try {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
        case "k" -> Math.max(1, n / 1024);
        case "g" -> Math.multiplyExact(n, 1024L);
        case "t" -> Math.multiplyExact(n, 1024L * 1024);
        default -> n;
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw ApiException.invalid("spark.executor.memory is out of range: " + value);
    }
  }

  private static NodeType nodeType(NodeTypeCatalog nodes, String id, String field) {
    return nodes
        .find(id)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "Node type "
                        + id
                        + " is not supported ("
                        + field
                        + "). Supported node types: "
                        + String.join(", ", nodes.ids())));
  }
}
