package dev.kiln.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code kiln} command line: Databricks CLI-shaped commands over the official Java SDK. */
@Command(
    name = "kiln",
    // Every subcommand gets --help (and --version) from here.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "kiln 0.1.0",
    description = "Kiln's command line (the Databricks CLI's shape).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the API or the command failed (Error: CODE: message on stderr)",
      "2:usage error",
      "3:--wait timed out (the operation goes on; exec cancels its command)",
      "130:exec was interrupted (Ctrl-C); its command was cancelled"
    },
    subcommands = {
      ConfigureCommand.class,
      CompletionCommand.class,
      FsCommand.class,
      WorkspaceCommand.class,
      SecretsCommand.class,
      TokensCommand.class,
      ClustersCommand.class,
      PoolsCommand.class,
      LibrariesCommand.class,
      JobsCommand.class,
      RunsCommand.class,
      ExecCommand.class,
      ServerCommand.class
    })
public final class Kiln {
  /** Picocli's exit code for bad usage; API and I/O failures exit with 1. */
  static final int USAGE = 2;

  static final int FAILED = 1;

  /** A {@code --wait} ran out of time; the operation itself goes on. */
  static final int TIMED_OUT = 3;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description = "Profile of ~/.databrickscfg (or $DATABRICKS_CONFIG_FILE) to use.")
  String profile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      defaultValue = "text",
      description = "text (tables) or json.")
  OutputMode output;

  // Injected rather than read from System so tests run the real commands in-process.
  private final Map<String, String> env;
  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  private WorkspaceClient client;

  public Kiln(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // Only the SDK logs; its info lines would mix with the command's output.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    System.exit(new Kiln(System.getenv(), System.in, System.out, System.err).run(args));
  }

  /** Runs one command line and answers its exit code. */
  public int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line, with Kiln's error format and exit codes. */
  public CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((e, line, parsed) -> fail(e));
    return cl;
  }

  private int fail(Exception e) {
    err.println("Error: " + describe(e));
    err.flush();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CliFailure f) {
        return f.exitCode();
      }
    }
    return FAILED;
  }

  private static String describe(Throwable e) {
    // The SDK wraps some API errors (e.g. in DBFS streams); the API's code is the useful part.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DatabricksError d && d.getErrorCode() != null) {
        return d.getErrorCode() + ": " + d.getMessage();
      }
    }
    if (e instanceof UncheckedIOException u) {
      return String.valueOf(u.getCause().getMessage());
    }
    if (e instanceof DatabricksException || e instanceof CliFailure) {
      return e.getMessage();
    }
    return e.toString();
  }

  /** A variable of the (injected) environment, or null. */
  String env(String name) {
    return env.get(name);
  }

  /** The SDK client, made on first use so that usage errors never need a server. */
  WorkspaceClient client() {
    if (client == null) {
      client = Clients.workspace(env, profile);
    }
    return client;
  }

  /**
   * Whether stderr is a terminal (for progress lines). The console check is only about the real
   * process streams, so an embedder's or test's captured stderr never counts as one.
   */
  boolean terminal() {
    return err == System.err && Terminal.attached();
  }

  /** Waits for clusters, with progress on stderr. */
  ClusterWaiter waiter() {
    return new ClusterWaiter(
        client().clusters(), new StatusLine(err, terminal()), Clock.systemUTC());
  }

  /**
   * Runs {@code action} if the process is interrupted (Ctrl-C, SIGTERM) before the answer is
   * closed. It runs as a shutdown hook: on SIGINT the JVM then exits 130.
   */
  Registration onInterrupt(Runnable action) {
    Thread hook = new Thread(action, "kiln-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running.
      }
    };
  }

  /** Undoes a registration. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  Output output() {
    return new Output(out, output == OutputMode.json);
  }

  /** What {@code --output} takes. */
  enum OutputMode {
    text,
    json
  }
}
