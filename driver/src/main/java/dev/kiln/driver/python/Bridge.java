package dev.kiln.driver.python;

import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.Result;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The py4j entry point one context's Python process sees: the shared SparkSession, the commands to
 * run (pulled by the REPL loop), the current command's dbutils, and where results go back. Every
 * public method here is called from Python.
 */
public final class Bridge {
  /** One command handed to Python and not finished yet. */
  static final class Running {
    final PythonCommand command;
    final CommandScope scope;
    final CompletableFuture<Result> result = new CompletableFuture<>();
    volatile Result.Table displayed;
    volatile boolean cancelRequested;

    Running(PythonCommand command, CommandScope scope) {
      this.command = command;
      this.scope = scope;
    }
  }

  private final SparkSession spark;
  private final int maxRows;
  private final BlockingQueue<Running> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private volatile Running current;
  private volatile boolean closed;

  Bridge(SparkSession spark, int maxRows) {
    this.spark = spark;
    this.maxRows = maxRows;
  }

  public SparkSession sparkSession() {
    return spark;
  }

  public JavaSparkContext javaSparkContext() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  /** Python says it is set up ({@code info}: its Python and PySpark versions). */
  public void ready(String info) {
    ready.complete(info);
  }

  /**
   * The next command to run, waiting up to {@code timeoutMillis}; null when there is none yet (the
   * loop asks again) or when the context is closed (the loop ends: see {@link #isClosed()}).
   */
  public PythonCommand nextCommand(long timeoutMillis) throws InterruptedException {
    if (closed) {
      return null;
    }
    Running next = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (next == null) {
      return null;
    }
    current = next;
    return next.command;
  }

  /**
   * Python starts the command: its Spark jobs from here on (this py4j thread is the one pinned to
   * the REPL's thread) run in the command's job group. True when it was cancelled already.
   */
  public boolean begin(String commandId) {
    Running r = current;
    if (r == null || !r.command.commandId().equals(commandId)) {
      return true;
    }
    if (r.command.jobGroup() != null) {
      spark.sparkContext().setJobGroup(r.command.jobGroup(), "command " + commandId, true);
    }
    return r.cancelRequested;
  }

  public boolean isClosed() {
    return closed;
  }

  /** The JVM dbutils of the running command, or null outside a command or when there is none. */
  public Object dbutils() {
    Running r = current;
    return r == null ? null : r.scope.dbutils();
  }

  /** {@code display(df)}: the DataFrame becomes the command's table result. */
  public void display(Dataset<?> df) {
    Running r = current;
    if (r != null) {
      r.displayed = TableRenderer.render(df, maxRows);
    }
  }

  /** Text output; {@code truncated} when the REPL dropped part of it. */
  public void finishText(String commandId, String data, boolean truncated) {
    finish(commandId, new Result.Text(data, truncated));
  }

  public void finishError(String commandId, String summary, String cause) {
    finish(commandId, new Result.Error(summary, cause));
  }

  public void finishImage(String commandId, String dataUrl) {
    finish(commandId, new Result.Image(dataUrl));
  }

  /** Ends the command with what {@code display()} showed last. */
  public void finishTable(String commandId) {
    Running r = current;
    Result.Table table = r == null ? null : r.displayed;
    finish(commandId, table == null ? new Result.Text("") : table);
  }

  public void finishCancelled(String commandId) {
    finish(commandId, PythonInterpreter.cancelled());
  }

  private void finish(String commandId, Result result) {
    Running r = current;
    if (r != null && r.command.commandId().equals(commandId)) {
      current = null;
      r.result.complete(result);
    }
  }

  // ---- the JVM side

  CompletableFuture<String> readiness() {
    return ready;
  }

  Running submit(PythonCommand command, CommandScope scope) {
    Running r = new Running(command, scope);
    queue.add(r);
    return r;
  }

  /** Takes back a command Python has not picked up yet; false when it already runs. */
  boolean withdraw(Running r) {
    return queue.remove(r);
  }

  void close() {
    closed = true;
  }
}
