package dev.kiln.node;

import dev.kiln.driver.connect.SparkConnectSettings;
import dev.kiln.model.node.PoolInstanceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Warms a pool's instance up so that whichever role it takes starts fast: runs, in this JVM, the
 * code paths of that role on a throw-away cluster of its own: a Master, a Worker, a SparkSession
 * with Delta and Spark Connect on them, a small aggregation and a Delta write and read (which fork
 * one executor), a first command in each language's interpreter when the pool preloads the runtime
 * ({@link InterpreterWarmup}), then stops all of it. Classes are loaded and the hot paths
 * JIT-compiled; what the JVM holds afterwards is collected.
 *
 * <p>The warm-up's executor also writes the executor class data archive ({@link
 * PoolInstanceSpec#executorArchive()}) when it is missing: a JVM started with it skips most class
 * loading, which is most of an executor's start.
 */
final class Warmup {
  private static final Logger log = LoggerFactory.getLogger(Warmup.class);
  private static final long JOB_TIMEOUT_SECONDS = 120;
  private static final long EXECUTOR_EXIT_SECONDS = 90;

  private final PoolInstanceSpec spec;
  private final Path dir;
  private volatile boolean stopped;
  private volatile SparkSession session;

  Warmup(PoolInstanceSpec spec, Path nodeDir) {
    this.spec = spec;
    this.dir = nodeDir.resolve("warmup");
  }

  /**
   * Warms up. When this warm-up writes the executor archive, {@code archiveWritten} runs once it is
   * there (the instance starts its standby executor JVM with it), and the jobs run once more: their
   * executor then runs in that standby and warms it too.
   */
  void run(Runnable archiveWritten) {
    long started = System.nanoTime();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    RpcEnv master = null;
    RpcEnv worker = null;
    Path archive = spec.executorArchive() == null ? null : Path.of(spec.executorArchive());
    try {
      Files.createDirectories(dir);
      SparkConf masterConf = authenticated(secret);
      masterConf.set("spark.master.rest.enabled", "false");
      // The executor the warm-up ends (endExecutors) must not be replaced by a new one.
      masterConf.set("spark.deploy.maxExecutorRetries", "0");
      master = Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, masterConf)._1();
      String masterUrl = "spark://127.0.0.1:" + master.address().port();
      Path work = Files.createDirectories(dir.resolve("work"));
      // The executor gets the heap a cluster's would: then it can run in the standby JVM.
      int executorMb = spec.executorMemoryMb() > 0 ? spec.executorMemoryMb() : 512;
      worker =
          Worker.startRpcEnvAndEndpoint(
              "127.0.0.1",
              0,
              0,
              1,
              Math.max(1024, executorMb),
              new String[] {masterUrl},
              work.toString(),
              Option.empty(),
              authenticated(secret),
              Option.empty());
      String executorOptions = "-Dkiln.pool=" + spec.poolId();
      if (archive == null) {
        round(masterUrl, secret, executorMb, executorOptions);
      } else if (Files.isRegularFile(archive)) {
        round(masterUrl, secret, executorMb, executorOptions + " -XX:SharedArchiveFile=" + archive);
      } else {
        Files.createDirectories(archive.getParent());
        Path tmp = archive.resolveSibling(archive.getFileName() + "." + spec.instanceId());
        try {
          round(
              masterUrl, secret, executorMb, executorOptions + " -XX:ArchiveClassesAtExit=" + tmp);
        } finally {
          endExecutors();
          stopSession();
          keepArchive(tmp, archive);
        }
        if (Files.isRegularFile(archive) && !stopped) {
          archiveWritten.run();
          round(
              masterUrl, secret, executorMb, executorOptions + " -XX:SharedArchiveFile=" + archive);
        }
      }
      SparkSession last = session;
      if (last != null && spec.warmInterpreters() && !stopped) {
        new InterpreterWarmup(spec, dir.resolve("contexts")).run(last);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Warm-up incomplete: {}", e.toString());
    } finally {
      stopSession();
      shutdown(worker);
      shutdown(master);
      deleteTree(dir);
      System.gc();
      log.info("Warm-up done in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * One application on the warm-up's cluster: a SparkSession as a driver's, and the jobs. The
   * session stays up (its executor may still have to be ended first); {@link #stopSession} ends it.
   */
  private void round(String masterUrl, String secret, int executorMb, String executorOptions) {
    if (stopped) {
      return;
    }
    SparkSession.Builder builder =
        SparkSession.builder()
            .master(masterUrl)
            .appName("kiln-warmup")
            .config("spark.ui.port", "0")
            .config("spark.executor.memory", executorMb + "m")
            .config("spark.executor.extraJavaOptions", executorOptions)
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    SparkRpcSecurity.apply(secret, builder::config);
    sparkConnect(secret).forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    session = spark;
    jobs(spark);
  }

  /**
   * Spark Connect as a driver starts it (its gRPC server and Kiln's token check are a good part of
   * a driver's start), but behind a secret of the warm-up's own as well: no client gets in.
   */
  private Map<String, String> sparkConnect(String secret) {
    Map<String, String> conf =
        new LinkedHashMap<>(SparkConnectSettings.apply(Map.of(), spec.controlPlaneUrl(), 0));
    if (!conf.isEmpty()) {
      conf.put("spark.connect.authenticate.token", secret);
    }
    return conf;
  }

  /** The jobs, bounded: an executor that never comes must not keep the instance warming. */
  private void jobs(SparkSession spark) {
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<?> done =
          runner.submit(
              () -> {
                Dataset<Row> rows =
                    spark.range(0, 20_000, 1, 2).selectExpr("id % 7 AS k", "id AS v");
                rows.groupBy("k").agg(functions.sum("v"), functions.count("*")).collectAsList();
                String table = dir.resolve("delta").toString();
                rows.write().format("delta").mode("overwrite").save(table);
                spark.read().format("delta").load(table).filter("k = 3").count();
                spark.sql("SELECT 1 AS one").collectAsList();
              });
      done.get(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("Warm-up jobs did not finish in {} s", JOB_TIMEOUT_SECONDS);
      spark.sparkContext().cancelAllJobs();
    } catch (ExecutionException e) {
      log.warn("Warm-up jobs failed: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      runner.shutdownNow();
    }
  }

  /** Ends the warm-up early (the instance is being stopped). */
  void stop() {
    stopped = true;
    stopSession();
  }

  private void stopSession() {
    SparkSession s = session;
    session = null;
    if (s != null) {
      try {
        s.stop();
      } catch (RuntimeException e) {
        log.warn("Stopping the warm-up session failed: {}", e.toString());
      }
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static SparkConf authenticated(String secret) {
    SparkConf conf = new SparkConf(false);
    SparkRpcSecurity.apply(secret, conf::set);
    return conf;
  }

  private static void shutdown(RpcEnv env) {
    if (env != null) {
      try {
        env.shutdown();
        env.awaitTermination();
      } catch (RuntimeException e) {
        log.warn("Stopping the warm-up's Spark failed: {}", e.toString());
      }
    }
  }

  /**
   * Ends the warm-up's executor with a SIGTERM and waits until it is gone: it writes the archive as
   * it exits, which takes seconds (20 s on a loaded host). Left to the Worker, it would be killed
   * with SIGKILL 10 s after the SIGTERM, before the archive is written.
   */
  private static void endExecutors() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXECUTOR_EXIT_SECONDS);
    ProcessHandle.current().children().forEach(ProcessHandle::destroy);
    try {
      while (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive)) {
        if (System.nanoTime() > deadline) {
          log.warn("The warm-up's executor did not exit in {} s", EXECUTOR_EXIT_SECONDS);
          return;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps the archive the warm-up's executor wrote at its exit, if it wrote one. */
  private static void keepArchive(Path tmp, Path archive) {
    try {
      if (Files.isRegularFile(tmp) && Files.size(tmp) > 0 && !Files.exists(archive)) {
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
        log.info(
            "Executor class data archive written: {} ({} MB)", archive, Files.size(archive) >> 20);
      } else if (!Files.exists(archive)) {
        log.warn("The warm-up's executor wrote no class data archive");
      }
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      log.warn("Could not keep the executor archive: {}", e.toString());
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", root, e.toString());
    }
  }
}
