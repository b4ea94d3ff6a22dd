package dev.kiln.server.metastore;

import dev.kiln.server.compute.Isolation;
import dev.kiln.server.compute.NodeAccounts;
import dev.kiln.server.compute.NodeSandbox;
import dev.kiln.server.compute.SandboxLaunch;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.derby.drda.NetworkServerControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metastore's Derby ({@link DerbyMain}) as a process of its own, started and supervised by the
 * control plane, under the same boundary as nodes (see {@link Isolation}): under {@link
 * Isolation#ACCOUNTS} as the account {@value #ACCOUNT} (a group of its own, not the nodes'), in a
 * bubblewrap view with PID namespace of its own; under {@link Isolation#SANDBOX} in that view with
 * user and PID namespaces; under {@link Isolation#NONE} as a plain child process. Its view hides
 * Kiln's home (admin token, secrets key, store) but for the database ({@code db}, read-write), its
 * own folder ({@code derby}: Derby's log and scratch files, read-write) and the control plane's
 * word to it ({@code control}: its settings and the heartbeat, read-only).
 *
 * <p>Its life: a supervising thread keeps the heartbeat fresh and starts Derby again, on the same
 * port, whenever it ends (a user's {@code CREATE PROCEDURE ... EXTERNAL NAME
 * 'java.lang.System.exit'} is only an outage of the metastore). A clean stop of the control plane
 * (or of its JVM) stops it. After a SIGKILL of the control plane it keeps serving running drivers
 * until the orphan timeout, and the next control plane adopts it (its pid file, its command line's
 * tag, its settings and an answer on its port) or, when it is not quite that, stops it and starts a
 * new one on the same port.
 */
final class DerbyProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DerbyProcess.class);

  /** The account Derby runs under when the control plane is root. */
  static final String ACCOUNT = "kiln-metastore";

  static final String TAG = "-Dkiln.metastore=";
  private static final long TICK_MILLIS = 1000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  /**
   * How Derby runs.
   *
   * @param isolation the compute isolation: Derby runs under the same boundary as nodes
   * @param kilnHome the control plane's home, hidden from Derby
   * @param orphanTimeout how long Derby outlives a silent control plane
   */
  record Options(Isolation isolation, Path kilnHome, Duration orphanTimeout) {}

  private final Path dir;
  private final Path database;
  private final Path own;
  private final Path settingsFile;
  private final Path heartbeat;
  private final Path pidFile;
  private final int port;
  private final MetastoreCredentials credentials;
  private final Options options;
  private final NodeAccounts.Account account;
  private final NodeSandbox sandbox;
  private final NetworkServerControl client;
  private final Thread supervisor;
  private final Thread hook;
  private volatile boolean closed;
  private boolean supervising;
  private volatile boolean up;
  private volatile long pid;
  private String generation;
  private long startedNanos;

  private DerbyProcess(
      Path dir,
      int port,
      MetastoreCredentials credentials,
      Options options,
      NodeAccounts.Account account)
      throws Exception {
    this.dir = dir.toAbsolutePath().normalize();
    this.database = database(this.dir);
    this.own = this.dir.resolve("derby");
    Path control = this.dir.resolve("control");
    this.settingsFile = control.resolve("derby.conf");
    this.heartbeat = control.resolve("heartbeat");
    this.pidFile = this.dir.resolve("derby.pid");
    this.port = port;
    this.credentials = credentials;
    this.options = options;
    this.account = account;
    this.client = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
    if (options.isolation() == Isolation.NONE) {
      this.sandbox = null;
    } else {
      Map<Path, Boolean> binds = new LinkedHashMap<>();
      binds.put(Path.of(System.getProperty("java.home")), false);
      classPath().forEach(p -> binds.put(p, false));
      binds.put(control, false);
      binds.put(own, true);
      binds.put(database, true); // inside own but for an earlier Kiln's
      this.sandbox =
          new NodeSandbox(
              options.isolation(),
              options.kilnHome(),
              Path.of(System.getProperty("user.home")),
              binds,
              true);
    }
    this.supervisor = new Thread(this::supervise, "kiln-metastore-supervisor");
    this.supervisor.setDaemon(true);
    // A JVM that exits without closing the control plane still stops its Derby.
    this.hook = new Thread(this::close, "kiln-metastore-stop");
  }

  /**
   * Adopts the Derby a previous control plane left serving this folder and supervises it, or
   * prepares one that {@link #ensureRunning} starts when first needed (a control plane that runs no
   * cluster never pays for it); returns without waiting for Derby to answer ({@link #awaitUp}).
   *
   * @param configuredPort the port, or 0 for the one this folder used last time if free (running
   *     drivers keep their JDBC URL across a control-plane restart), else a free one
   */
  static DerbyProcess start(
      Path dir, int configuredPort, MetastoreCredentials credentials, Options options)
      throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path portFile = dir.resolve("port");
    int remembered = configuredPort > 0 ? configuredPort : remembered(portFile);
    NodeAccounts.Account account =
        options.isolation() == Isolation.ACCOUNTS ? new NodeAccounts().service(ACCOUNT) : null;
    if (options.isolation() == Isolation.NONE) {
      LOG.warn(
          "compute.isolation is none: the metastore's Derby runs in a process of its own but as"
              + " Kiln's own account, so Java that users bind to SQL functions runs with Kiln's"
              + " rights. Use it only when every user is trusted.");
    }
    DerbyProcess derby;
    try {
      derby =
          remembered > 0 ? new DerbyProcess(dir, remembered, credentials, options, account) : null;
      if (derby == null || !derby.adopt()) {
        int port = configuredPort > 0 ? configuredPort : rememberedOrFreePort(portFile, remembered);
        derby =
            derby != null && derby.port == port
                ? derby
                : new DerbyProcess(dir, port, credentials, options, account);
        if (Files.isDirectory(derby.database)) {
          derby.ensureRunning(); // drivers of running clusters may use it already
        }
      } else {
        derby.ensureRunning(); // adopted: it needs its heartbeat from now on
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Could not start the metastore's Derby", e);
    }
    Runtime.getRuntime().addShutdownHook(derby.hook);
    return derby;
  }

  /**
   * Starts supervising, once: the supervisor launches Derby (unless it adopted one) and keeps it
   * running. The caller goes on meanwhile; {@link #awaitUp} waits for Derby to answer.
   */
  void ensureRunning() {
    synchronized (this) {
      if (closed || supervising) {
        return;
      }
      supervising = true;
    }
    supervisor.start();
  }

  /**
   * The database's folder: {@code derby/db} in Derby's own folder (Derby creates a database only
   * where its folder does not exist yet, so it must be able to write the folder above); {@code db}
   * for one an earlier Kiln made, which keeps its path (and running drivers their URL).
   */
  static Path database(Path dir) {
    Path earlier = dir.resolve("db");
    return Files.isDirectory(earlier) ? earlier : dir.resolve("derby").resolve("db");
  }

  int port() {
    return port;
  }

  Path database() {
    return database;
  }

  long pid() {
    return pid;
  }

  /** Waits until Derby answers on its port. */
  boolean awaitUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!up && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return up;
  }

  /** Takes over the Derby a previous control plane left serving this folder on this port. */
  private boolean adopt() throws IOException {
    Optional<String[]> recorded = readPidFile();
    if (recorded.isEmpty()) {
      return false;
    }
    long orphan = Long.parseLong(recorded.get()[0]);
    if (!isOurs(orphan)) {
      return false;
    }
    String reason = null;
    DerbyMain.Settings settings = null;
    if (!options.isolation().name().equals(recorded.get()[1])) {
      reason = "it runs with isolation " + recorded.get()[1].toLowerCase(Locale.ROOT);
    } else {
      try {
        settings = DerbyMain.Settings.read(settingsFile);
      } catch (IOException e) {
        reason = "its settings are unreadable";
      }
    }
    if (settings != null
        && !(settings.port() == port
            && settings.database().equals(database)
            && settings.credentials().equals(credentials))) {
      reason = "its settings are not this start's";
    }
    if (reason == null && !answersWithin(Duration.ofSeconds(5))) {
      reason = "it does not answer on port " + port;
    }
    if (reason != null) {
      LOG.info("Metastore: stopping the Derby left running (pid {}): {}", orphan, reason);
      terminate(orphan);
      return false;
    }
    pid = orphan;
    generation = settings.generation();
    writeHeartbeat();
    up = true;
    LOG.info(
        "Metastore: adopted the Derby left running on 127.0.0.1:{} (pid {}), files in {}",
        port,
        pid,
        dir);
    return true;
  }

  /** Starts a new Derby generation: every older one still around stops on its next heartbeat. */
  private synchronized void launch() throws IOException {
    long began = System.nanoTime();
    Path control = settingsFile.getParent();
    Files.createDirectories(control);
    Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(own.resolve("tmp"));
    handOver();
    generation = UUID.randomUUID().toString();
    writeSettings();
    writeHeartbeat();

    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A small heap, C1 only and no perf data: Derby serves a few metadata queries, and starts fast.
    java.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=" + own.resolve("tmp"),
            "-Dderby.system.home=" + own,
            TAG + dir,
            "-cp",
            String.join(":", classPath().stream().map(Path::toString).toList()),
            DerbyMain.class.getName(),
            settingsFile.toString()));
    List<String> command = new ArrayList<>();
    // Its own session, as nodes: it outlives a SIGKILL of the control plane (to be adopted), and
    // a terminal's signals to the control plane do not reach it.
    command.add("setsid");
    Path info = dir.resolve("derby-sandbox.json");
    if (sandbox != null) {
      Files.deleteIfExists(info);
      command.addAll(SandboxLaunch.reportingPid(info, sandbox.wrap(own, account, java)));
    } else {
      command.addAll(java);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(own.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve("derby-server.log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder
        .environment()
        .putAll(
            SandboxLaunch.environment(
                account != null ? account.name() : System.getProperty("user.name", "kiln"),
                own,
                own.resolve("tmp")));
    up = false;
    startedNanos = System.nanoTime();
    Process process = builder.start();
    pid =
        sandbox == null
            ? process.pid()
            : SandboxLaunch.pid(process, info, "the metastore's Derby (see derby-server.log)");
    Files.writeString(pidFile, pid + "\n" + options.isolation().name() + "\n");
    LOG.info(
        "Metastore: started Derby on 127.0.0.1:{} (pid {}, {}) in {} ms, files in {}",
        port,
        pid,
        account != null
            ? "account " + account.name()
            : "isolation " + options.isolation().name().toLowerCase(Locale.ROOT),
        (System.nanoTime() - began) / 1_000_000,
        dir);
  }

  /**
   * The database and Derby's own folder become the account Derby runs as (a database an in-process
   * Derby made is the control plane's until then). Derby's folders are walked only when their top
   * is not Derby's yet: what Derby writes is its own.
   */
  private void handOver() throws IOException {
    NodeAccounts.Account owner = account;
    if (owner == null) {
      if (!Isolation.runningAsRoot()) {
        return; // the files are this account's already
      }
      // Root without accounts: Derby runs as root (or root mapped into its own user namespace).
      owner = new NodeAccounts.Account("root", 0, 0);
    }
    for (Path p : List.of(own, database)) {
      if (Files.exists(p)
          && owner.uid()
              != (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) {
        new NodeAccounts().handOver(p, owner);
      }
    }
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
  }

  /** Derby's settings: readable by its account alone (they hold the metastore's password). */
  private void writeSettings() throws IOException {
    Path tmp = settingsFile.resolveSibling(settingsFile.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer w = Files.newBufferedWriter(tmp)) {
      new DerbyMain.Settings(
              database,
              port,
              credentials,
              heartbeat,
              generation,
              options.orphanTimeout().toMillis())
          .write(w);
    }
    if (account != null) {
      Files.setAttribute(tmp, "unix:uid", account.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(tmp, "unix:gid", account.gid(), LinkOption.NOFOLLOW_LINKS);
    }
    Files.move(
        tmp, settingsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeHeartbeat() throws IOException {
    Path tmp = heartbeat.resolveSibling(heartbeat.getFileName() + ".tmp");
    Files.writeString(tmp, generation + "\n");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, heartbeat, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The supervising thread: the first launch (unless Derby was adopted), the heartbeat, the first
   * answer, and a new Derby whenever one ends.
   */
  private void supervise() {
    long backoff = TICK_MILLIS;
    while (!closed) {
      try {
        if (pid == 0) {
          synchronized (this) {
            if (!closed) {
              launch();
            }
          }
        } else if (!isOurs(pid)) {
          long lived = (System.nanoTime() - startedNanos) / 1_000_000;
          // One that keeps dying at once is started again less and less often.
          backoff = lived < 10_000 ? Math.min(backoff * 2, MAX_BACKOFF_MILLIS) : TICK_MILLIS;
          LOG.warn(
              "Metastore: Derby (pid {}) has exited (see {}); starting it again on port {} in {}"
                  + " ms",
              pid,
              dir.resolve("derby-server.log"),
              port,
              backoff);
          Thread.sleep(backoff);
          synchronized (this) {
            if (!closed) {
              launch();
            }
          }
        } else if (!up) {
          Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now()));
          if (answers()) {
            up = true;
            LOG.info(
                "Metastore: Derby answers on 127.0.0.1:{} {} ms after its start",
                port,
                (System.nanoTime() - startedNanos) / 1_000_000);
          }
        }
        if (up) {
          Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now()));
        }
        Thread.sleep(up ? TICK_MILLIS : 25);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.warn("Metastore: supervising Derby: {}", e.toString());
        try {
          Thread.sleep(TICK_MILLIS);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private boolean answers() {
    try {
      client.ping();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private boolean answersWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (answers()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return false;
  }

  /** Whether {@code pid} is alive and a Derby of this folder (not a pid reused since). */
  private boolean isOurs(long pid) {
    if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String[] args = new String(cmdline, StandardCharsets.UTF_8).split("\0");
      // Its command line from the start: setpriv and the shell that become Derby's JVM carry it.
      return List.of(args).contains(TAG + dir);
    } catch (IOException e) {
      return false;
    }
  }

  private Optional<String[]> readPidFile() {
    try {
      String[] lines = Files.readString(pidFile).strip().split("\n");
      Long.parseLong(lines[0].strip());
      return lines.length == 2
          ? Optional.of(new String[] {lines[0].strip(), lines[1].strip()})
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** SIGTERM (Derby closes its database cleanly), SIGKILL if it does not stop in time. */
  private static void terminate(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return;
    }
    handle.get().destroy();
    try {
      handle.get().onExit().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.get().destroyForcibly();
      try {
        handle.get().onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception gone) {
        LOG.warn("Metastore: Derby (pid {}) did not stop", pid);
      }
    }
  }

  /** Stops the supervisor, then Derby. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopSupervising();
    if (isOurs(pid)) {
      terminate(pid);
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.debug("Could not delete {}: {}", pidFile, e.toString());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook
    }
    LOG.info("Metastore: Derby stopped");
  }

  /**
   * What SIGKILL of the control plane leaves: Derby still running, unsupervised. For tests of
   * adoption and of the orphan timeout.
   */
  void abandon() {
    closed = true;
    stopSupervising();
    Runtime.getRuntime().removeShutdownHook(hook);
  }

  private void stopSupervising() {
    supervisor.interrupt();
    try {
      supervisor.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The JDK aside, all Derby reads: Derby's jars and the folder or jar of {@link DerbyMain}
   * (wherever the control plane's class path has them).
   */
  static List<Path> classPath() {
    Set<Path> paths = new LinkedHashSet<>();
    for (String name :
        List.of(
            DerbyMain.class.getName(),
            "org.apache.derby.drda.NetworkServerControl",
            "org.apache.derby.iapi.jdbc.AutoloadedDriver",
            "org.apache.derby.shared.common.error.StandardException",
            "org.apache.derby.jdbc.EmbeddedDriver")) {
      try {
        Class<?> c = Class.forName(name, false, DerbyProcess.class.getClassLoader());
        paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
        throw new IllegalStateException("Cannot find " + name + " for the metastore's Derby", e);
      }
    }
    return List.copyOf(paths);
  }

  private static int remembered(Path file) {
    try {
      return Integer.parseInt(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The remembered port if it is free, else a free one, which is remembered. */
  private static int rememberedOrFreePort(Path file, int remembered) throws IOException {
    if (remembered > 0) {
      try {
        new ServerSocket(remembered, 1, InetAddress.getLoopbackAddress()).close();
        return remembered;
      } catch (IOException e) {
        LOG.warn("Metastore port {} is taken; choosing another", remembered);
      }
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Files.writeString(file, port + "\n");
    return port;
  }
}
