package dev.kiln.driver.python;

import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.Redactor;
import dev.kiln.driver.exec.Result;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import py4j.ClientServer;

/**
 * A Python execution context: one Python process ({@code python -u -m kiln_driver}) bridged to this
 * JVM by its own py4j {@link ClientServer} (loopback, random port, random token, pinned threads so
 * that a command's job group follows its Spark calls). The process binds {@code spark}, {@code sc},
 * {@code dbutils} and {@code display()}, then pulls commands from the {@link Bridge} and hands back
 * their results; its own output goes to {@code <workDir>/python.log}.
 */
public final class PythonInterpreter implements Interpreter {
  private static final Logger log = LoggerFactory.getLogger(PythonInterpreter.class);
  static final int MAX_ROWS = dev.kiln.driver.exec.OutputLimits.TABLE_ROWS;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 200;

  private final SparkSession spark;
  private final PythonContext ctx;
  private final Bridge bridge;
  private final ClientServer gateway;
  private final Process process;
  private final Path logFile;
  private final Object executeLock = new Object();
  private volatile Bridge.Running running;
  private volatile boolean closed;

  private PythonInterpreter(
      SparkSession spark,
      PythonContext ctx,
      Bridge bridge,
      ClientServer gateway,
      Process process,
      Path logFile) {
    this.spark = spark;
    this.ctx = ctx;
    this.bridge = bridge;
    this.gateway = gateway;
    this.process = process;
    this.logFile = logFile;
  }

  /** Starts the context's Python process and waits until it has bound {@code spark}. */
  public static PythonInterpreter start(
      SparkSession spark, PythonContext ctx, PythonEnvironment env)
      throws IOException, InterruptedException {
    return start(spark, ctx, env, Optional.empty());
  }

  /**
   * As above, with the folder of the cluster's installed Python libraries first on the path of the
   * process and of the executors' Python workers its Spark jobs start.
   */
  public static PythonInterpreter start(
      SparkSession spark, PythonContext ctx, PythonEnvironment env, Optional<Path> libraries)
      throws IOException, InterruptedException {
    env.check();
    long started = System.nanoTime();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    Bridge bridge = new Bridge(spark, MAX_ROWS);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ClientServer gateway =
        new ClientServer.ClientServerBuilder(bridge)
            .javaAddress(loopback)
            .javaPort(0)
            .pythonAddress(loopback)
            .pythonPort(0)
            .authToken(token)
            .build();
    Process process;
    Path logFile = ctx.workDir().resolve("python.log");
    try {
      Files.createDirectories(ctx.workDir());
      ProcessBuilder builder =
          new ProcessBuilder(env.python().toString(), "-u", "-m", "kiln_driver")
              .directory(ctx.workDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      List<String> path = new ArrayList<>();
      path.add(env.packageDir().toString());
      libraries.ifPresent(
          dir -> {
            path.add(dir.toString());
            builder.environment().put("KILN_LIBRARY_PATH", dir.toString());
          });
      String pythonPath = System.getenv("PYTHONPATH");
      if (pythonPath != null && !pythonPath.isEmpty()) {
        path.add(pythonPath);
      }
      builder.environment().put("PYTHONPATH", String.join(":", path));
      builder
          .environment()
          .put("KILN_GATEWAY_PORT", Integer.toString(gateway.getJavaServer().getListeningPort()));
      builder.environment().put("KILN_GATEWAY_TOKEN", token);
      builder.environment().put("KILN_CONTEXT_ID", ctx.contextId());
      builder.environment().put("PYSPARK_PYTHON", env.python().toString());
      builder.environment().put("MPLBACKEND", "Agg");
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      gateway.shutdown();
      throw e;
    }
    Reaper.register(process);
    PythonInterpreter interpreter =
        new PythonInterpreter(spark, ctx, bridge, gateway, process, logFile);
    try {
      String info = interpreter.awaitReady(started);
      log.info(
          "Python context {} ready in {} ms (pid {}, {})",
          ctx.contextId(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          process.pid(),
          info);
      return interpreter;
    } catch (InterruptedException | RuntimeException e) {
      interpreter.close();
      throw e;
    }
  }

  private String awaitReady(long started) throws InterruptedException {
    while (true) {
      try {
        return bridge.readiness().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "The Python process exited with code " + process.exitValue() + ":\n" + logTail());
        }
        if (System.nanoTime() - started > START_TIMEOUT.toNanos()) {
          throw new IllegalStateException(
              "The Python process was not ready in " + START_TIMEOUT + ":\n" + logTail());
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** The Python process's id (tests; cancellation signals it). */
  public long pid() {
    return process.pid();
  }

  @Override
  public Result execute(String code, CommandScope scope) throws InterruptedException {
    synchronized (executeLock) {
      if (closed) {
        return new Result.Error("ContextClosed: this context was destroyed", "");
      }
      if (!process.isAlive()) {
        return died();
      }
      Bridge.Running r =
          bridge.submit(new PythonCommand(scope.commandId(), code, scope.jobGroup()), scope);
      running = r;
      try {
        while (true) {
          try {
            return redact(r.result.get(POLL_MILLIS, TimeUnit.MILLISECONDS), scope.redactor());
          } catch (TimeoutException e) {
            if (!process.isAlive()) {
              return died();
            }
          } catch (ExecutionException e) {
            return new Result.Error(String.valueOf(e.getCause()), "");
          }
        }
      } catch (InterruptedException e) {
        cancel();
        throw e;
      } finally {
        running = null;
      }
    }
  }

  /**
   * Stops the running command: its Spark jobs (job group) are cancelled, and SIGINT makes Python
   * raise KeyboardInterrupt in pure-Python code (deferred until a running Spark call returns).
   */
  @Override
  public void cancel() {
    Bridge.Running r = running;
    if (r == null) {
      return;
    }
    r.cancelRequested = true;
    if (bridge.withdraw(r)) {
      r.result.complete(cancelled());
      return;
    }
    if (r.command.jobGroup() != null) {
      spark.sparkContext().cancelJobGroup(r.command.jobGroup());
    }
    if (process.isAlive()) {
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        log.warn("Could not interrupt Python process {}: {}", process.pid(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    bridge.close();
    Bridge.Running r = running;
    if (r != null) {
      r.result.complete(new Result.Error("ContextClosed: this context was destroyed", ""));
    }
    Reaper.kill(process);
    Reaper.unregister(process);
    gateway.shutdown();
    log.info("Python context {} closed", ctx.contextId());
  }

  static Result.Error cancelled() {
    return new Result.Error("CommandCancelled: the command was cancelled", "");
  }

  private Result.Error died() {
    return new Result.Error(
        "PythonProcessDied: the Python process of this context exited (code "
            + process.exitValue()
            + "); its variables are lost: destroy this context and create a new one",
        logTail());
  }

  /** The end of the process's own output (not the commands' captured output). */
  private String logTail() {
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      long start = Math.max(0, file.length() - 4096);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Result redact(Result result, Redactor redactor) {
    if (redactor == null) {
      return result;
    }
    if (result instanceof Result.Text t) {
      return new Result.Text(redactor.redact(t.data()), t.truncated());
    }
    if (result instanceof Result.Error e) {
      return new Result.Error(redactor.redact(e.summary()), redactor.redact(e.cause()));
    }
    if (result instanceof Result.Table t) {
      List<List<Object>> rows = new ArrayList<>(t.rows().size());
      for (List<Object> row : t.rows()) {
        List<Object> out = new ArrayList<>(row.size());
        for (Object v : row) {
          out.add(v instanceof String s ? redactor.redact(s) : v);
        }
        rows.add(out);
      }
      return new Result.Table(t.schema(), rows, t.truncated());
    }
    return result;
  }
}
