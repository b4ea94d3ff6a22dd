package dev.kiln.driver.exec;

import dev.kiln.driver.dbutils.DbUtils;
import dev.kiln.driver.dbutils.NotebookExit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's execution contexts by id. Each context has one interpreter and one worker thread:
 * its commands run one at a time, in order, each under its own Spark job group so that a cancel
 * stops its jobs. Counts commands for the node's activity.
 */
public final class ExecutionService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SparkSession spark;
  private final Interpreters interpreters;
  private final BiFunction<Redactor, Supplier<String>, DbUtils> dbutilsFactory;
  private final Path workRoot;
  private final ContextLibraries libraries;
  private final Map<String, ExecutionContext> contexts = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong events = new AtomicLong();
  private final ExecutorService starter;

  /**
   * @param dbutilsFactory makes a context's dbutils around the context's redactor and the
   *     credential of its running command
   * @param workRoot where each context gets a private folder
   */
  public ExecutionService(
      SparkSession spark,
      Interpreters interpreters,
      BiFunction<Redactor, Supplier<String>, DbUtils> dbutilsFactory,
      Path workRoot) {
    this(spark, interpreters, dbutilsFactory, workRoot, ContextLibraries.NONE);
  }

  /**
   * As above, with the cluster's installed libraries: interpreters start, and commands run, with
   * their class loader as the thread's context class loader (so py4j, Spark's data source lookup
   * and {@code Class.forName} by context loader find library classes).
   */
  public ExecutionService(
      SparkSession spark,
      Interpreters interpreters,
      BiFunction<Redactor, Supplier<String>, DbUtils> dbutilsFactory,
      Path workRoot,
      ContextLibraries libraries) {
    this.spark = spark;
    this.interpreters = interpreters;
    this.dbutilsFactory = dbutilsFactory;
    this.workRoot = workRoot;
    this.libraries = libraries;
    this.starter =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "kiln-context-start");
              t.setDaemon(true);
              t.setContextClassLoader(libraries.classLoader());
              return t;
            });
  }

  /** Starts a context asynchronously (Pending until its interpreter is up); returns its id. */
  public String createContext(String language, String user) {
    return createContext(language, user, Map.of(), Map.of(), null);
  }

  /**
   * A context for a job task: {@code widgets} are bound as widget values (they win over widget
   * defaults), {@code upstream} task values are readable with {@code dbutils.jobs.taskValues.get}
   * and {@code notebookPath} (or null) is the notebook the context runs, which relative {@code
   * dbutils.notebook.run} paths start from.
   */
  public String createContext(
      String language,
      String user,
      Map<String, String> widgets,
      Map<String, Map<String, Object>> upstream,
      String notebookPath) {
    InterpreterProvider provider =
        interpreters
            .forLanguage(language)
            .orElseThrow(
                () ->
                    new ExecError(
                        ExecError.Kind.INVALID,
                        "Unsupported language: "
                            + language
                            + " (supported: "
                            + String.join(", ", interpreters.languages())
                            + ")"));
    String id = newContextId();
    Redactor redactor = new Redactor();
    AtomicReference<String> credential = new AtomicReference<>("");
    DbUtils dbutils = dbutilsFactory.apply(redactor, credential::get);
    dbutils.notebook().notebookPath(notebookPath);
    if (widgets != null && !widgets.isEmpty()) {
      dbutils.widgets().bind(widgets);
    }
    if (upstream != null) {
      upstream.forEach((task, values) -> dbutils.jobs().taskValues().provide(task, values));
    }
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kiln-context-" + id);
              t.setDaemon(true);
              t.setContextClassLoader(libraries.classLoader());
              return t;
            });
    ExecutionContext context =
        new ExecutionContext(id, provider.language(), dbutils, redactor, credential, worker);
    contexts.put(id, context);
    var unused =
        starter.submit(
            () -> {
              long t0 = System.nanoTime();
              try {
                Path dir = Files.createDirectories(workRoot.resolve(id));
                Interpreter interpreter =
                    provider.create(
                        new InterpreterSetup(id, user, spark, dbutils, redactor, dir, libraries));
                if (!context.started(interpreter)) {
                  interpreter.close();
                }
                log.info(
                    "Context {} ({}) running after {} ms",
                    id,
                    language,
                    (System.nanoTime() - t0) / 1_000_000);
              } catch (Exception | LinkageError e) {
                log.warn("Context {} ({}) failed to start", id, language, e);
                context.failed(e.toString());
              }
            });
    return id;
  }

  public ContextInfo context(String contextId) {
    return get(contextId).info();
  }

  public List<ContextInfo> contexts() {
    return contexts.values().stream()
        .map(ExecutionContext::info)
        .sorted(Comparator.comparing(ContextInfo::id))
        .toList();
  }

  /** Destroys a context: cancels its running command and closes its interpreter. */
  public void destroyContext(String contextId) {
    ExecutionContext context = contexts.remove(contextId);
    if (context == null) {
      throw notFound(contextId);
    }
    context.close(sc());
    deleteQuietly(workRoot.resolve(contextId));
  }

  /** Queues a command without a credential (its dbutils cannot act for a user); see below. */
  public String execute(String contextId, String code, String user, String language) {
    return execute(contextId, code, user, language, null);
  }

  /**
   * Queues a command in a running context; returns its id. A context runs one language: a command
   * that names another is refused rather than run as the wrong one. {@code credential} is the
   * command credential the control plane sent with it: while the command runs, the context's
   * dbutils acts for its user with it.
   */
  public String execute(
      String contextId, String code, String user, String language, String credential) {
    ExecutionContext context = get(contextId);
    if (code == null) {
      throw new ExecError(ExecError.Kind.INVALID, "command is required");
    }
    if (language != null && !language.equalsIgnoreCase(context.language)) {
      throw new ExecError(
          ExecError.Kind.INVALID,
          "Context "
              + contextId
              + " runs "
              + context.language
              + ", not "
              + language
              + ": create a "
              + language
              + " context for this command");
    }
    ContextStatus status = context.status();
    if (status != ContextStatus.Running) {
      throw new ExecError(
          ExecError.Kind.STATE, "Context " + contextId + " is " + status + ", not Running");
    }
    String commandId = newCommandId();
    String group = "kiln-" + contextId + "-" + commandId;
    ExecutionContext.Run run = new ExecutionContext.Run(commandId, group, credential);
    context.submit(run, () -> runCommand(context, run, code, user == null ? "" : user));
    return commandId;
  }

  public Command command(String contextId, String commandId) {
    Command c = get(contextId).snapshot(commandId);
    if (c == null) {
      throw new ExecError(
          ExecError.Kind.NOT_FOUND,
          "Command " + commandId + " does not exist in context " + contextId);
    }
    return c;
  }

  /** The task values a context's commands set with {@code dbutils.jobs.taskValues.set}. */
  public Map<String, Object> taskValues(String contextId) {
    return get(contextId).dbutils.jobs().taskValues().values();
  }

  public void cancel(String contextId, String commandId) {
    ExecutionContext context = get(contextId);
    ExecutionContext.Run run = context.run(commandId);
    if (run == null) {
      throw new ExecError(
          ExecError.Kind.NOT_FOUND,
          "Command " + commandId + " does not exist in context " + contextId);
    }
    context.cancel(run, sc());
  }

  /** Commands queued or running in all contexts. */
  public int activeCommands() {
    return active.get();
  }

  /** Grows with every command start and end. */
  public long activityCount() {
    return events.get();
  }

  private void runCommand(
      ExecutionContext context, ExecutionContext.Run run, String code, String user) {
    if (!context.begin(run)) {
      return;
    }
    active.incrementAndGet();
    events.incrementAndGet();
    CommandStatus end = CommandStatus.Finished;
    Result result;
    SparkContext sc = sc();
    try {
      context.credential.set(run.credential);
      context.dbutils.notebook().reset();
      if (sc != null) {
        sc.setJobGroup(run.jobGroup, "Kiln command " + run.id, true);
      }
      Interpreter interpreter = context.interpreter();
      CommandScope scope =
          new CommandScope(
              context.id, run.id, user, run.jobGroup, context.dbutils, context.redactor);
      result = interpreter.execute(code, scope);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = new Result.Error("Command interrupted", "");
    } catch (NotebookExit e) {
      result = new Result.Text(e.value());
    } catch (Exception | LinkageError e) { // incl. SparkException, thrown undeclared by Scala
      log.warn("Interpreter of context {} broke on command {}", context.id, run.id, e);
      result = new Result.Error(e.toString(), stackTrace(e));
      end = CommandStatus.Error;
    } finally {
      if (sc != null) {
        sc.clearJobGroup();
      }
      active.decrementAndGet();
      events.incrementAndGet();
    }
    result = OutputLimits.cap(result);
    String exit = OutputLimits.exitValue(context.dbutils.notebook().exitValue());
    if (exit != null && end == CommandStatus.Finished) {
      result = new Result.Text(exit);
    } else {
      exit = null;
    }
    context.finish(run, end, ResultJson.render(context.redactor.redact(result)), exit);
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private SparkContext sc() {
    return spark == null ? null : spark.sparkContext();
  }

  private ExecutionContext get(String contextId) {
    ExecutionContext context = contextId == null ? null : contexts.get(contextId);
    if (context == null) {
      throw notFound(contextId);
    }
    return context;
  }

  private static ExecError notFound(String contextId) {
    return new ExecError(ExecError.Kind.NOT_FOUND, "Context " + contextId + " does not exist");
  }

  private static String newCommandId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A 19-digit numeric id, as Databricks gives contexts. */
  static String newContextId() {
    return Long.toString(
        1_000_000_000_000_000_000L + (RANDOM.nextLong() >>> 1) % 8_000_000_000_000_000_000L);
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.toList());
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", dir, e.toString());
    }
  }

  @Override
  public void close() {
    for (String id : List.copyOf(contexts.keySet())) {
      try {
        destroyContext(id);
      } catch (RuntimeException e) {
        log.warn("Closing context {} failed", id, e);
      }
    }
    starter.shutdownNow();
  }
}
