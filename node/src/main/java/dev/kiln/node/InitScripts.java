package dev.kiln.node;

import dev.kiln.model.node.InitScriptResult;
import dev.kiln.model.node.InitScriptSpec;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's init scripts in order with {@code bash <path>} in the node folder, with the
 * Databricks init script variables in the environment, each script's output in {@code
 * logs/init_scripts/<NN>_<name>.stdout.log} and {@code .stderr.log}. Stops at the first failure.
 */
final class InitScripts {
  private static final Logger log = LoggerFactory.getLogger(InitScripts.class);

  private final Path nodeDir;
  private final Map<String, String> env;

  InitScripts(Path nodeDir, Map<String, String> env) {
    this.nodeDir = nodeDir;
    this.env = Map.copyOf(env);
  }

  /** The variables Databricks gives init scripts. */
  static Map<String, String> databricksEnv(NodeSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_CLUSTER_ID", spec.clusterId());
    env.put("DB_CLUSTER_NAME", spec.clusterName());
    env.put("DB_IS_DRIVER", spec.role() == NodeRole.DRIVER ? "TRUE" : "FALSE");
    env.put("DB_DRIVER_IP", "127.0.0.1");
    env.put("DB_INSTANCE_TYPE", spec.instanceType() == null ? "" : spec.instanceType());
    env.put("DB_IS_JOB_CLUSTER", "FALSE");
    return env;
  }

  /** The log name of the {@code index}th script (from 0): {@code 00_setup.sh}. */
  static String logName(int index, String name) {
    return String.format("%02d_%s", index, name.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /**
   * Runs the scripts in order, reporting each result; returns the first failed one, if any. A
   * script that cannot be started at all counts as failed with exit code -1.
   */
  Optional<InitScriptResult> runAll(List<InitScriptSpec> scripts, Consumer<InitScriptResult> done)
      throws InterruptedException {
    for (int i = 0; i < scripts.size(); i++) {
      InitScriptResult result = run(i, scripts.get(i));
      done.accept(result);
      if (result.exitCode() != 0) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  private InitScriptResult run(int index, InitScriptSpec script) throws InterruptedException {
    String logName = logName(index, script.name());
    Path logs = nodeDir.resolve("logs").resolve("init_scripts");
    long start = System.nanoTime();
    int exit;
    try {
      Files.createDirectories(logs);
      ProcessBuilder builder =
          new ProcessBuilder("bash", script.path())
              .directory(nodeDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(logs.resolve(logName + ".stdout.log").toFile())
              .redirectError(logs.resolve(logName + ".stderr.log").toFile());
      builder.environment().putAll(env);
      log.info("Init script {} ({}) starting", logName, script.path());
      exit = builder.start().waitFor();
    } catch (IOException e) {
      log.warn("Init script {} could not start: {}", logName, e.toString());
      exit = -1;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    log.info("Init script {} exited with {} after {} ms", logName, exit, ms);
    return new InitScriptResult(script.name(), exit, ms);
  }
}
