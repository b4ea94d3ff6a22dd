package dev.kiln.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code kiln-server.jar}) run as a child JVM, so a test can kill it with
 * SIGKILL and start it again on the same home and port. Its output goes to {@code server.log} in
 * the home. Only JDK types here, so the benchmarks can use it too.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("Kiln is ready at (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * How to run the server.
   *
   * @param serverJar the packaged {@code kiln-server.jar}, with its {@code lib/} beside it
   * @param dbUrl the metadata store's JDBC URL, or null for the home's embedded H2
   * @param jvmOptions options of the child JVM, such as {@code -Xmx256m}
   * @param runAs a command the JVM runs through, such as {@code setpriv --reuid=...} to run it as
   *     another account; empty to run it as this process' account
   * @param nodeJvmOptions the server's {@code compute.node_jvm_options}
   */
  public record Launch(
      Path serverJar,
      Path home,
      String dbUrl,
      List<String> jvmOptions,
      List<String> runAs,
      List<String> nodeJvmOptions) {
    public Launch {
      jvmOptions = List.copyOf(jvmOptions);
      runAs = List.copyOf(runAs);
      nodeJvmOptions = List.copyOf(nodeJvmOptions);
    }

    /** A server as it runs by default (the benchmarks'). */
    public Launch(Path serverJar, Path home, String dbUrl, List<String> jvmOptions) {
      this(serverJar, home, dbUrl, jvmOptions, List.of(), List.of());
    }
  }

  private final Launch launch;
  private final Path log;
  private final RawClient raw = new RawClient(this::url);
  private final Thread reaper = new Thread(this::destroyQuietly, "kiln-server-reaper");
  private Process process;
  private int port;
  private String url;
  private long startMillis;

  private ServerProcess(Launch launch) {
    this.launch = launch;
    this.log = launch.home().resolve("server.log");
  }

  /**
   * The server the build packaged (system property {@code kiln.server.dir}, set by the {@code it}
   * pom), on the store of {@link TestStore}, with a small heap, and its JVM and its nodes' with the
   * client compiler and serial collector as test clusters have them.
   */
  public static ServerProcess startForTests(Path home) {
    return startForTests(home, List.of());
  }

  /** As {@link #startForTests(Path)}, the JVM run through {@code runAs} (see {@link Launch}). */
  public static ServerProcess startForTests(Path home, List<String> runAs) {
    String dir = System.getProperty("kiln.server.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property kiln.server.dir is not set (the it pom does)");
    }
    try {
      String dbUrl = TestStore.isPostgres() ? TestStore.freshPostgresUrl() : null;
      // Short-lived, as the in-process test servers' nodes are (TestServer.NODE_JVM_OPTIONS).
      return start(
          new Launch(
              Path.of(dir, "kiln-server.jar"),
              home,
              dbUrl,
              List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
              runAs,
              TestServer.NODE_JVM_OPTIONS));
    } catch (SQLException e) {
      throw new IllegalStateException("could not create a PostgreSQL database", e);
    }
  }

  /** Starts the server on a free port and waits until it answers. */
  public static ServerProcess start(Launch launch) {
    if (!Files.isRegularFile(launch.serverJar())) {
      throw new IllegalStateException(
          launch.serverJar() + " is missing: package the server first (mvn verify / mvn package)");
    }
    ServerProcess server = new ServerProcess(launch);
    Runtime.getRuntime().addShutdownHook(server.reaper);
    try {
      server.run(0);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Starts the server again, on the same home, store and port, after a kill or a stop. */
  public void restart() {
    if (process.isAlive()) {
      stop();
    }
    run(port);
  }

  /** SIGKILL to this server's own process, and waits until it is gone. */
  public void kill9() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM, which runs the server's shutdown hook; SIGKILL if it does not stop in time. */
  public void stop() {
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(30))) {
      kill9();
    }
  }

  private void run(int requestedPort) {
    List<String> command = new ArrayList<>(launch.runAs());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch.jvmOptions());
    command.addAll(List.of("-jar", launch.serverJar().toString(), "start"));
    command.addAll(
        List.of("--home", launch.home().toString(), "--port", Integer.toString(requestedPort)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The child's configuration comes from the launch alone, never from this shell's KILN_*.
    builder.environment().keySet().removeIf(name -> name.startsWith("KILN_"));
    if (launch.dbUrl() != null) {
      // In its environment, not its command line: the URL holds the store's password, and any
      // process on the machine may read another's command line.
      builder.environment().put("KILN_DB_URL", launch.dbUrl());
    }
    if (!launch.nodeJvmOptions().isEmpty()) {
      builder
          .environment()
          .put("KILN_COMPUTE_NODE_JVM_OPTIONS", String.join(" ", launch.nodeJvmOptions()));
    }
    try {
      Files.createDirectories(launch.home());
      long logOffset = Files.exists(log) ? Files.size(log) : 0;
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      long started = System.nanoTime();
      process = builder.start();
      url = awaitReady(logOffset, started);
      startMillis = (System.nanoTime() - started) / 1_000_000;
      port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** The server's URL once it has logged that it is ready and answers the host metadata call. */
  private String awaitReady(long logOffset, long started) throws IOException {
    long deadline = started + START_TIMEOUT.toNanos();
    String readyUrl = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with "
                + process.exitValue()
                + " while starting:\n"
                + logSince(logOffset));
      }
      if (readyUrl == null) {
        Matcher m = READY.matcher(logSince(logOffset));
        readyUrl = m.find() ? m.group(1) : null;
      }
      if (readyUrl != null && answers(readyUrl)) {
        return readyUrl;
      }
      sleep(10);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the server was not ready within " + START_TIMEOUT + ":\n" + logSince(logOffset));
  }

  private boolean answers(String candidate) {
    try {
      HttpResponse<String> r =
          new RawClient(() -> candidate)
              .call("GET", "/.well-known/databricks-config", null, null, null);
      return r.statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private String logSince(long offset) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, file.length() - offset)];
      file.seek(offset);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void destroyQuietly() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  public String url() {
    return url;
  }

  public int port() {
    return port;
  }

  public Path home() {
    return launch.home();
  }

  /** The child JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Milliseconds from starting the process to the server answering, for the last (re)start. */
  public long startMillis() {
    return startMillis;
  }

  public String adminToken() {
    try {
      return Files.readString(launch.home().resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A raw JSON call as the admin. */
  public HttpResponse<String> call(String method, String path, String body) {
    return call(method, path, body, adminToken());
  }

  public HttpResponse<String> call(String method, String path, String body, String token) {
    return raw.call(method, path, body, body == null ? null : "application/json", token);
  }

  /** A multipart form posted as the admin. */
  public HttpResponse<String> upload(String path, Multipart form) {
    return raw.send("POST", path, form.body(), form.contentType(), adminToken());
  }

  /** Stops the server if it runs. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down, and the hook is doing this very job.
    }
  }
}
