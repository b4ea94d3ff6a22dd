package dev.kiln.driver.scala;

import dev.kiln.driver.exec.BoundedOutput;
import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.ContextLibraries;
import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.InterpreterSetup;
import dev.kiln.driver.exec.Result;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.JobArtifactSet$;
import org.apache.spark.JobArtifactState;
import org.apache.spark.SparkContext;
import scala.Console$;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * A Scala REPL ({@code IMain}, class-based wrappers) against the cluster's SparkSession, printing
 * as the Scala shell does ({@code x: Int = 2}).
 *
 * <p>Classes reach executors per context: the REPL writes them to the context's own folder, which
 * the driver's RPC file server serves at {@code /repl-<contextId>}; every command runs under a
 * Spark {@code JobArtifactState} with that folder's URI, so executors load this context's {@code
 * $lineN} classes in a class loader of their own (the isolated sessions Spark keeps for Spark
 * Connect). Two contexts' {@code $line1} classes thus never meet.
 *
 * <p>Library jars installed on the cluster are on the compiler's classpath from the start; jars
 * installed later join it before the next command. Classes load through the libraries' class loader
 * (the REPL's parent), so a library class is the same class here, in SQL and in Python's JVM view.
 * Executors load a context's classes in the context's own session, which sees only the jars added
 * to that session: each library jar is added to it too.
 */
public final class ScalaInterpreter implements Interpreter {
  private final String contextId;
  private final IMain intp;
  private final BoundedOutput buffer = new BoundedOutput();
  private final PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private final PrintWriter replOut =
      new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8), true);
  private final JobArtifactState artifacts;
  private final ContextLibraries libraries;
  private final SparkContext sc;
  private int jarsOnClassPath;
  private volatile Thread running;

  public ScalaInterpreter(InterpreterSetup setup) throws IOException {
    this.contextId = setup.contextId();
    this.libraries = setup.libraries();
    Path classes = Files.createDirectories(setup.workDir().resolve("classes"));
    Settings settings = new Settings();
    settings.processArgumentString("-Yrepl-class-based -deprecation");
    settings.Yreploutdir().value_$eq(classes.toString());
    List<Path> jars = libraries.jars();
    jarsOnClassPath = jars.size();
    settings.classpath().value_$eq(classPath(jars));
    intp =
        new IMain(
            settings,
            Option.apply(libraries.classLoader()),
            settings,
            new ReplReporterImpl(settings, replOut));

    sc = setup.spark().sparkContext();
    String uri =
        sc.env().rpcEnv().fileServer().addDirectory("/repl-" + contextId, classes.toFile());
    artifacts = new JobArtifactState("kiln-scala-" + contextId, Option.apply(uri));

    addToSession(sc, jars);

    ScalaBindings.put(contextId, new ScalaBindings.Values(setup.spark(), setup.dbutils()));
    String b = "dev.kiln.driver.scala.ScalaBindings";
    String init =
        String.join(
            "\n",
            "@transient val spark: org.apache.spark.sql.SparkSession = "
                + b
                + ".spark(\""
                + contextId
                + "\")",
            "@transient val sc: org.apache.spark.SparkContext = spark.sparkContext",
            "@transient val dbutils: dev.kiln.driver.dbutils.DbUtils = "
                + b
                + ".dbutils(\""
                + contextId
                + "\")");
    Results.Result r = run(init);
    String out = drain().text();
    if (!(r instanceof Results.Success$)) {
      throw new IllegalStateException("The Scala REPL did not start: " + out);
    }
    run("import spark.implicits._\nimport org.apache.spark.sql.functions._");
    drain();
  }

  @Override
  public Result execute(String code, CommandScope scope) throws InterruptedException {
    addNewLibraryJars();
    running = Thread.currentThread();
    Results.Result r;
    try {
      r = run(code);
    } finally {
      running = null;
    }
    BoundedOutput.Captured captured = drain();
    String out = captured.text();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (r instanceof Results.Success$) {
      return new Result.Text(out, captured.truncated());
    }
    if (r instanceof Results.Incomplete$) {
      return new Result.Error("error: incomplete input", out);
    }
    return new Result.Error(summary(out), out);
  }

  /** Jars installed since the last command join the compiler's classpath (on this thread). */
  private void addNewLibraryJars() {
    List<Path> jars = libraries.jars();
    if (jars.size() <= jarsOnClassPath) {
      return;
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars.subList(jarsOnClassPath, jars.size())) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    intp.addUrlsToClassPath(CollectionConverters.asScala(urls).toList());
    addToSession(sc, jars.subList(jarsOnClassPath, jars.size()));
    jarsOnClassPath = jars.size();
  }

  /** Adds jars to this context's Spark session: its tasks' executors fetch and load them. */
  private void addToSession(SparkContext context, List<Path> jars) {
    for (Path jar : jars) {
      JobArtifactSet$.MODULE$.withActiveJobArtifactState(
          artifacts,
          () -> {
            context.addJar(jar.toString());
            return null;
          });
    }
  }

  private Results.Result run(String code) {
    return JobArtifactSet$.MODULE$.withActiveJobArtifactState(
        artifacts, () -> Console$.MODULE$.withOut(console, () -> intp.interpret(code)));
  }

  /** What the command printed: its first and last part when it printed much (OutputLimits). */
  private BoundedOutput.Captured drain() {
    replOut.flush();
    console.flush();
    return buffer.drain();
  }

  /** The exception line or the first compile error of a failed line's output. */
  static String summary(String out) {
    String firstLine = "";
    for (String line : out.split("\n")) {
      String s = line.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (firstLine.isEmpty()) {
        firstLine = s;
      }
      if (s.contains("error:") || s.matches("^[\\w$.]+(Exception|Error|Throwable)(: .*)?$")) {
        return s;
      }
    }
    return firstLine.isEmpty() ? "error" : firstLine;
  }

  /**
   * The classpath to compile against: {@code java.class.path} with any {@code dir/*} entry expanded
   * to the jars of {@code dir} (the JVM expands the wildcard for its own loader, not for others).
   */
  static String classPath() {
    return classPath(List.of());
  }

  /** As above, then {@code extraJars}. */
  static String classPath(List<Path> extraJars) {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (entry.endsWith("*")) {
        Path dir = Path.of(entry.substring(0, entry.length() - 1));
        try (Stream<Path> jars = Files.list(dir)) {
          jars.filter(p -> p.toString().endsWith(".jar"))
              .sorted()
              .forEach(p -> entries.add(p.toString()));
        } catch (IOException e) {
          // A missing folder adds nothing.
        }
      } else if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    extraJars.forEach(jar -> entries.add(jar.toString()));
    return String.join(File.pathSeparator, new ArrayList<>(entries));
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
    ScalaBindings.remove(contextId);
    intp.close();
  }
}
