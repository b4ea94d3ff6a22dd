package dev.kiln.node.standby;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkEnv;
import org.apache.spark.executor.CoarseGrainedExecutorBackend;
import org.apache.spark.executor.CoarseGrainedExecutorBackend$;
import org.apache.spark.scheduler.cluster.CoarseGrainedClusterMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standby executor JVM: started by a pool's instance ahead of need, it waits on a loopback port
 * for the launcher script ({@code java.sh}) to hand it an executor launch, and then is that
 * executor: the JVM the Worker would have started, without the seconds a new JVM spends loading and
 * compiling Spark. The warm-up's executor runs here first, which compiles the executor's hot paths;
 * after it the standby waits again, for the cluster that takes the instance.
 *
 * <p>Its launcher stands in for it towards the Worker: the launcher's SIGTERM arrives here as
 * {@code TERM}, and the launcher exits with the code this JVM exits with. The standby ends with its
 * node, and with its launcher when that is killed.
 *
 * <p>Arguments: the standby's folder. System properties: {@code kiln.standby.cp} (the class path as
 * the Worker writes it) and {@code kiln.standby.heap} (MB).
 */
public final class StandbyMain {
  static {
    StandbyOutput.install(); // before the first logger
  }

  private static final Logger log = LoggerFactory.getLogger(StandbyMain.class);
  static final int TERMINATED = 143;
  static final int KILLED = 137;

  private final Path dir;
  private final StandbyTerms terms;
  private final ServerSocket server;
  private final String token;

  /** Set once this JVM ends with its executor: the launcher's end must not cut that short. */
  private static final java.util.concurrent.atomic.AtomicBoolean exiting =
      new java.util.concurrent.atomic.AtomicBoolean();

  private StandbyMain(Path dir, StandbyTerms terms, ServerSocket server, String token) {
    this.dir = dir;
    this.terms = terms;
    this.server = server;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    // It is part of its node: it ends with it, however the node ends.
    ProcessHandle.current().parent().ifPresent(node -> whenGone(node, () -> halt(0)));
    Set<String> options = new LinkedHashSet<>();
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-D") && !option.startsWith("-Xmx")) {
        options.add(option);
      }
    }
    StandbyTerms terms =
        new StandbyTerms(
            System.getProperty("kiln.standby.cp"),
            Integer.getInteger("kiln.standby.heap", -1),
            options,
            System.getenv());
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      new StandbyMain(dir, terms, server, token).serve();
    }
  }

  /** Takes launches until one is a cluster's executor (this JVM then ends with it). */
  private void serve() throws IOException {
    publish();
    log.info("Standby executor JVM ready on port {}", server.getLocalPort());
    while (true) {
      Socket socket = server.accept();
      LaunchRequest request;
      try {
        socket.setSoTimeout(10_000);
        request = LaunchRequest.read(socket.getInputStream());
        socket.setSoTimeout(0);
      } catch (IOException e) {
        log.warn("Unreadable launch request: {}", e.toString());
        socket.close();
        publish();
        continue;
      }
      if (!token.equals(request.token())) {
        log.warn("Launch request with a wrong token from pid {}", request.pid());
        socket.close();
        publish();
        continue;
      }
      StandbyTerms.Decision decision = terms.decide(request);
      if (decision instanceof StandbyTerms.Decision.Take take) {
        answer(socket, "ok");
        if (!runExecutor(take, request, socket)) {
          return; // this JVM ends with the cluster's executor
        }
      } else if (decision instanceof StandbyTerms.Decision.Refuse refuse) {
        log.info("Not taking the launch of pid {}: {}", request.pid(), refuse.why());
        answer(socket, "no");
        socket.close();
      }
      publish();
    }
  }

  /**
   * Runs the executor in this JVM until it ends. A cluster's executor ends the JVM as the executor
   * JVM would end (exit 0, or 143 on TERM); the warm-up's leaves it up and clean for the next.
   */
  private boolean runExecutor(StandbyTerms.Decision.Take take, LaunchRequest request, Socket socket)
      throws IOException {
    log.info(
        "Running the {} executor of launcher pid {} in {}",
        take.warmup() ? "warm-up" : "cluster's",
        request.pid(),
        request.dir());
    AtomicInteger exitCode = new AtomicInteger(1);
    AtomicReference<CoarseGrainedExecutorBackend> backend = new AtomicReference<>();
    OutputStream toLauncher = socket.getOutputStream();
    Runnable stop =
        take.warmup() ? () -> stopExecutor(backend.get()) : () -> exit(exitCode, TERMINATED);
    if (!take.warmup()) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> answerQuietly(toLauncher, "exit " + exitCode.get()), "kiln-exit"));
    }
    Thread watcher = new Thread(() -> watch(socket, stop, take.warmup()), "kiln-standby-watch");
    watcher.setDaemon(true);
    watcher.start();
    ProcessHandle.of(request.pid())
        .ifPresent(
            launcher ->
                whenGone(
                    launcher,
                    take.warmup() ? () -> stopExecutor(backend.get()) : StandbyMain::launcherDied));
    Map<String, String> previous = setProperties(take.properties());
    StandbyOutput.toExecutor(request.dir());
    log.info(
        "This executor runs in its pool instance's standby JVM (pid {}, up {} ms)",
        ProcessHandle.current().pid(),
        ManagementFactory.getRuntimeMXBean().getUptime());
    try {
      String[] args = take.args().toArray(String[]::new);
      CoarseGrainedExecutorBackend$.MODULE$.run(
          CoarseGrainedExecutorBackend$.MODULE$.parseArguments(args, StandbyTerms.EXECUTOR_MAIN),
          (rpcEnv, arguments, env, profile) -> {
            StandbyBackend created =
                new StandbyBackend(rpcEnv, arguments, env, profile, take.logUrls());
            backend.set(created);
            return created;
          });
      if (!exiting.get()) {
        exitCode.set(0); // else it ends on TERM, with 143
      }
    } catch (RuntimeException | LinkageError e) {
      log.error("The executor failed", e);
    }
    if (!take.warmup()) {
      exit(exitCode, exitCode.get()); // as CoarseGrainedExecutorBackend.main ends
      return false;
    }
    StandbyOutput.toStandby();
    restoreProperties(previous);
    SparkEnv.set(null);
    answer(socket, "exit " + exitCode.get());
    socket.close();
    System.gc(); // what the warm-up left is garbage: an idle standby should be small
    log.info("The warm-up executor ended; standing by again");
    return true;
  }

  /** Lines from the launcher: TERM (it got SIGTERM), or the end of the stream (it died). */
  private static void watch(Socket socket, Runnable stop, boolean warmup) {
    try {
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b != '\n') {
          line.append((char) b);
        } else if (line.toString().equals("TERM")) {
          stop.run();
          return;
        } else {
          line.setLength(0);
        }
      }
    } catch (IOException e) {
      // closed: as the end of the stream
    }
    if (!warmup) {
      launcherDied();
    }
  }

  /** Ends this JVM as the executor's JVM would end, running the shutdown hooks. */
  private static void exit(AtomicInteger exitCode, int code) {
    if (exiting.compareAndSet(false, true)) {
      exitCode.set(code);
      new Thread(() -> System.exit(code), "kiln-standby-exit").start();
    }
  }

  private static void whenGone(ProcessHandle process, Runnable then) {
    var unused = process.onExit().thenRun(then);
  }

  private static void halt(int code) {
    Runtime.getRuntime().halt(code);
  }

  /** The launcher was killed (SIGKILL): so is its executor. */
  private static void launcherDied() {
    if (!exiting.get()) {
      Runtime.getRuntime().halt(KILLED);
    }
  }

  /** Asks the executor to shut down as its driver would (warm-up only: the JVM stays). */
  private static void stopExecutor(CoarseGrainedExecutorBackend backend) {
    if (backend != null && !backend.stopping().get()) {
      backend.self().send(CoarseGrainedClusterMessages.Shutdown$.MODULE$);
    }
  }

  /** Writes {@code ready} ({@code <port> <token>}) for the launcher to claim by renaming it. */
  private void publish() throws IOException {
    Path tmp = dir.resolve("ready.tmp");
    Files.writeString(tmp, server.getLocalPort() + " " + token + "\n");
    Files.move(tmp, dir.resolve("ready"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static void answer(Socket socket, String line) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void answerQuietly(OutputStream out, String line) {
    try {
      out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // the launcher is gone already
    }
  }

  private static Map<String, String> setProperties(Map<String, String> properties) {
    Map<String, String> previous = new HashMap<>();
    properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    return previous;
  }

  private static void restoreProperties(Map<String, String> previous) {
    previous.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }
}
