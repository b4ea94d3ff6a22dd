package dev.kiln.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kiln server start|stop|status}: a Kiln control plane in the background on this machine.
 */
@Command(
    name = "server",
    description = "A local Kiln server in the background: start, stop, status.")
final class ServerCommand {
  @ParentCommand Kiln kiln;

  /** {@code --home}: where the server keeps its state, pid file and log. */
  static final class Home {
    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "The server's home (default $KILN_HOME or ~/.kiln).")
    Path home;
  }

  private LocalServer server(Home home) {
    Path dir = home.home;
    if (dir == null) {
      String env = kiln.env("KILN_HOME");
      dir =
          env != null && !env.isBlank()
              ? Path.of(env)
              : Path.of(System.getProperty("user.home"), ".kiln");
    }
    return new LocalServer(dir);
  }

  @Command(name = "start", description = "Start the server in the background; prints its URL.")
  void start(
      @Mixin Home home,
      @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080).")
          Integer port,
      @Option(
              names = "--timeout",
              paramLabel = "DURATION",
              defaultValue = "3m",
              converter = Durations.class,
              description =
                  "How long to wait for it to answer; then exit 3. Default: ${DEFAULT-VALUE}.")
          Duration timeout)
      throws IOException, InterruptedException {
    LocalServer local = server(home);
    Optional<ProcessHandle> already = local.running();
    if (already.isPresent()) {
      throw new CliFailure(
          "a Kiln server already runs on "
              + local.home()
              + " (pid "
              + already.get().pid()
              + local.url().map(u -> ", " + u).orElse("")
              + "); stop it first with kiln server stop");
    }
    long offset = local.logSize();
    String options = kiln.env("KILN_JAVA_OPTS");
    List<String> jvm =
        options == null || options.isBlank()
            ? List.of()
            : Arrays.asList(options.trim().split("\\s+"));
    Process process = local.launch(LocalServer.serverJar(kiln.env("KILN_SERVER_JAR")), port, jvm);
    kiln.err.println("Starting Kiln (pid " + process.pid() + "), log " + local.log() + "...");
    kiln.err.flush();
    Optional<String> url = local.awaitReady(process.toHandle(), offset, timeout);
    if (url.isEmpty()) {
      throw new CliFailure(
          "Kiln (pid "
              + process.pid()
              + ") did not answer within "
              + Durations.format(timeout)
              + "; it goes on starting: see "
              + local.log()
              + " and kiln server status",
          Kiln.TIMED_OUT);
    }
    describe(local, process.pid(), url.get(), "Kiln is running at ");
  }

  @Command(name = "status", description = "Whether the server runs (exit 1 when not).")
  int status(@Mixin Home home) throws IOException {
    LocalServer local = server(home);
    Optional<ProcessHandle> running = local.running();
    if (running.isEmpty()) {
      if (kiln.output().json()) {
        kiln.output().printJson(Map.of("running", false, "home", local.home().toString()));
      } else {
        kiln.out.println("Kiln is not running (home " + local.home() + ")");
      }
      return Kiln.FAILED;
    }
    Optional<String> url = local.url();
    String state =
        url.isPresent() && local.answers(url.get())
            ? "Kiln is running at "
            : "Kiln is starting at ";
    describe(local, running.get().pid(), url.orElse("(no URL yet)"), state);
    return 0;
  }

  @Command(name = "stop", description = "Stop the server: SIGTERM, then SIGKILL after --timeout.")
  void stop(
      @Mixin Home home,
      @Option(
              names = "--timeout",
              paramLabel = "DURATION",
              defaultValue = "60s",
              converter = Durations.class,
              description = "Grace period before SIGKILL. Default: ${DEFAULT-VALUE}.")
          Duration grace)
      throws IOException, InterruptedException {
    LocalServer local = server(home);
    Optional<ProcessHandle> running = local.running();
    if (running.isEmpty()) {
      kiln.err.println("Kiln is not running (home " + local.home() + ")");
      Files.deleteIfExists(local.pidFile());
      return;
    }
    ProcessHandle process = running.get();
    kiln.err.println("Stopping Kiln (pid " + process.pid() + ")...");
    kiln.err.flush();
    process.destroy();
    if (!ended(process, grace)) {
      kiln.err.println("Kiln did not stop within " + Durations.format(grace) + ": killing it");
      process.destroyForcibly();
      if (!ended(process, Duration.ofSeconds(30))) {
        throw new CliFailure("Kiln (pid " + process.pid() + ") did not end after SIGKILL");
      }
    }
    Files.deleteIfExists(local.pidFile());
    kiln.err.println("Stopped.");
  }

  private static boolean ended(ProcessHandle process, Duration within) throws InterruptedException {
    try {
      process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  private void describe(LocalServer local, long pid, String url, String state) {
    if (kiln.output().json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("running", true);
      json.put("pid", pid);
      json.put("url", url);
      json.put("home", local.home().toString());
      json.put("admin_token_file", local.adminToken().toString());
      json.put("log", local.log().toString());
      kiln.output().printJson(json);
      return;
    }
    kiln.out.println(state + url + " (pid " + pid + ")");
    kiln.out.println("Admin token: " + local.adminToken());
    kiln.out.println("Log:         " + local.log());
    kiln.out.println("Sign in:     kiln configure --host " + url + " < " + local.adminToken());
  }
}
