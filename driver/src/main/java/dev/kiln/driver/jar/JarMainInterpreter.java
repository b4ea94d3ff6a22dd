package dev.kiln.driver.jar;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.ContextLibraries;
import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.Result;
import dev.kiln.model.Json;
import dev.kiln.model.node.exec.JarMain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.Console$;

/**
 * Runs a program's {@code main} in the driver JVM, on the context's thread (so its Spark jobs run
 * under the command's job group and a cancel interrupts it). {@code SparkSession.builder()
 * .getOrCreate()} in the program returns the cluster's session (or the run's own when the run sets
 * SQL confs). What it prints is the result (its last {@link #KEPT_BYTES}); an exception is an error
 * result with that output; {@code System.exit(0)} ends it well, another status fails it.
 */
final class JarMainInterpreter implements Interpreter {
  /** A little over the 5 MB a task keeps, so that the control plane sees that it was cut. */
  static final int KEPT_BYTES = 5 * 1024 * 1024 + 1024;

  private static final ObjectMapper JSON = Json.mapper();

  private final SparkSession spark;
  private final ContextLibraries libraries;
  private volatile Thread running;

  JarMainInterpreter(SparkSession spark, ContextLibraries libraries) {
    this.spark = spark;
    this.libraries = libraries;
  }

  @Override
  public Result execute(String code, CommandScope scope) throws InterruptedException {
    JarMain call;
    try {
      call = JSON.readValue(code, JarMain.class);
    } catch (IOException e) {
      return new Result.Error("Not a jar main call: " + e.getMessage(), "");
    }
    if (call.mainClass() == null || call.mainClass().isBlank()) {
      return new Result.Error("main_class is required", "");
    }
    TailBuffer buffer = new TailBuffer(KEPT_BYTES);
    running = Thread.currentThread();
    OutputCapture capture = OutputCapture.start(buffer);
    try {
      Method main = mainMethod(call.mainClass());
      SparkSession session = session(call.conf(), System.out);
      SparkSession.setActiveSession(session);
      ExitGuard.guard(true);
      try {
        invoke(main, call.parameters().toArray(String[]::new));
      } finally {
        ExitGuard.guard(false);
        SparkSession.clearActiveSession();
      }
      return new Result.Text(buffer.text());
    } catch (ClassNotFoundException e) {
      return new Result.Error(
          "Class "
              + call.mainClass()
              + " was not found in the libraries installed on the cluster; give the jar that holds"
              + " it in the task's libraries",
          "",
          buffer.text());
    } catch (NoSuchMethodException e) {
      return new Result.Error(
          "Class " + call.mainClass() + " has no public static void main(String[] args)",
          "",
          buffer.text());
    } catch (InvocationTargetException e) {
      return failure(e.getCause(), buffer);
    } catch (IllegalAccessException e) {
      return new Result.Error("The main method cannot be called: " + e.getMessage(), "");
    } finally {
      capture.close();
      running = null;
      Thread.interrupted(); // a cancel's interrupt must not reach the context's next command
    }
  }

  private Method mainMethod(String className) throws ClassNotFoundException, NoSuchMethodException {
    Class<?> type = Class.forName(className, true, libraries.classLoader());
    Method main = type.getMethod("main", String[].class);
    if (!Modifier.isStatic(main.getModifiers())) {
      throw new NoSuchMethodException("main is not static");
    }
    return main;
  }

  /**
   * The cluster's session, or, with confs, a new one sharing its catalog with the runtime confs
   * among them set; the others are reported on {@code out}.
   */
  private SparkSession session(Map<String, String> conf, PrintStream out) {
    if (conf.isEmpty()) {
      return spark;
    }
    SparkSession own = spark.newSession();
    conf.forEach(
        (k, v) -> {
          if (own.conf().isModifiable(k)) {
            own.conf().set(k, v);
            out.println("[kiln] spark-submit --conf " + k + ": set for this run");
          } else {
            out.println(
                "[kiln] spark-submit --conf "
                    + k
                    + ": not applicable on a running cluster (not a runtime SQL conf); ignored");
          }
        });
    return own;
  }

  /** Calls main with Scala's {@code println} also going to the captured streams. */
  private static void invoke(Method main, String[] args)
      throws InvocationTargetException, IllegalAccessException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Object[] thrown = new Object[1];
    Console$.MODULE$.withOut(
        out,
        () ->
            Console$.MODULE$.withErr(
                err,
                () -> {
                  try {
                    main.invoke(null, (Object) args);
                  } catch (InvocationTargetException | IllegalAccessException e) {
                    thrown[0] = e;
                  }
                  return null;
                }));
    out.flush();
    err.flush();
    if (thrown[0] instanceof InvocationTargetException e) {
      throw e;
    }
    if (thrown[0] instanceof IllegalAccessException e) {
      throw e;
    }
  }

  /** The end of a main that threw: an exit(0) is a good end, anything else an error. */
  private static Result failure(Throwable cause, TailBuffer buffer) {
    if (cause instanceof ExitGuard.ExitCalled exit) {
      if (exit.status() == 0) {
        return new Result.Text(buffer.text());
      }
      return new Result.Error(
          "The program called System.exit(" + exit.status() + "), which fails the task",
          "",
          buffer.text());
    }
    StringWriter trace = new StringWriter();
    cause.printStackTrace(new PrintWriter(trace));
    return new Result.Error(cause.toString(), trace.toString(), buffer.text());
  }

  @Override
  public void cancel() {
    Thread t = running;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void close() {
    cancel();
  }
}
