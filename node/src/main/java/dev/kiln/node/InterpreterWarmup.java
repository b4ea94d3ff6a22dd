package dev.kiln.node;

import dev.kiln.driver.dbutils.ControlPlaneSecrets;
import dev.kiln.driver.dbutils.DbUtils;
import dev.kiln.driver.exec.CommandStatus;
import dev.kiln.driver.exec.ContextStatus;
import dev.kiln.driver.exec.ExecutionService;
import dev.kiln.driver.exec.Interpreters;
import dev.kiln.driver.python.PythonEnvironment;
import dev.kiln.model.node.PoolInstanceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interpreters' part of a pool's warm-up, for pools that preload the runtime: one execution
 * context per language runs a first command on the warm-up's SparkSession and is closed. What a
 * cluster's first notebook command pays for once per JVM (the Scala compiler's classes and JIT, the
 * Python bridge, the SQL paths) is then paid while the instance is idle.
 */
final class InterpreterWarmup {
  private static final Logger log = LoggerFactory.getLogger(InterpreterWarmup.class);
  private static final Duration BOUND = Duration.ofSeconds(90);

  /** A first command per language: small, but through the interpreter and onto Spark. */
  static final Map<String, String> FIRST_COMMANDS = firstCommands();

  private final PoolInstanceSpec spec;
  private final Path dir;

  InterpreterWarmup(PoolInstanceSpec spec, Path dir) {
    this.spec = spec;
    this.dir = dir;
  }

  /** Warms each language the runtime has (Python only with its environment); never throws. */
  void run(SparkSession spark) {
    long started = System.nanoTime();
    ControlPlaneSecrets secrets =
        new ControlPlaneSecrets(spec.controlPlaneUrl(), spec.instanceId(), spec.nodeSecret());
    try (ExecutionService service =
        new ExecutionService(
            spark,
            Interpreters.discover(InterpreterWarmup.class.getClassLoader()),
            (redactor, credential) ->
                new DbUtils(
                    () -> spark.sparkContext().hadoopConfiguration(),
                    secrets,
                    redactor,
                    credential),
            Files.createDirectories(dir))) {
      boolean python =
          Files.isExecutable(
              PythonEnvironment.resolve(spark.sparkContext().getConf(), System.getenv()).python());
      Map<String, String> contexts = new LinkedHashMap<>();
      FIRST_COMMANDS.forEach(
          (language, code) -> {
            if (!language.equals("python") || python) {
              contexts.put(language, service.createContext(language, "kiln-warmup"));
            }
          });
      contexts.forEach((language, id) -> firstCommand(service, language, id));
    } catch (Exception | LinkageError e) {
      log.warn("Interpreter warm-up incomplete: {}", e.toString());
    }
    log.info("Interpreters warmed in {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  private static void firstCommand(ExecutionService service, String language, String contextId) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    try {
      while (service.context(contextId).status() == ContextStatus.Pending) {
        if (System.nanoTime() > deadline) {
          log.warn("The {} context did not start in {} s", language, BOUND.toSeconds());
          return;
        }
        Thread.sleep(50);
      }
      if (service.context(contextId).status() != ContextStatus.Running) {
        log.warn("The {} context failed: {}", language, service.context(contextId).error());
        return;
      }
      String command =
          service.execute(contextId, FIRST_COMMANDS.get(language), "kiln-warmup", language);
      while (!service.command(contextId, command).status().isDone()) {
        if (System.nanoTime() > deadline) {
          log.warn("The {} first command did not finish in {} s", language, BOUND.toSeconds());
          return;
        }
        Thread.sleep(50);
      }
      CommandStatus end = service.command(contextId, command).status();
      if (end != CommandStatus.Finished) {
        log.warn("The {} first command ended {}", language, end);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> firstCommands() {
    Map<String, String> commands = new LinkedHashMap<>();
    commands.put("scala", "spark.range(10).selectExpr(\"sum(id)\").collect()");
    commands.put("python", "spark.range(10).selectExpr('sum(id)').collect()");
    commands.put("sql", "SELECT sum(id) FROM range(10)");
    return Collections.unmodifiableMap(commands);
  }
}
