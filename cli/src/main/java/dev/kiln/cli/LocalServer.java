package dev.kiln.cli;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kiln control plane on this machine, run in the background from the packaged {@code
 * kiln-server.jar}: its pid in {@code <home>/server.pid}, its output in {@code <home>/server.log}.
 */
final class LocalServer {
  private static final Pattern READY = Pattern.compile("Kiln is ready at (http://\\S+)");
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int LOG_TAIL = 64 * 1024;

  private final Path home;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  LocalServer(Path home) {
    this.home = home.toAbsolutePath().normalize();
  }

  Path home() {
    return home;
  }

  Path pidFile() {
    return home.resolve("server.pid");
  }

  Path log() {
    return home.resolve("server.log");
  }

  Path adminToken() {
    return home.resolve("admin-token");
  }

  /**
   * The packaged server jar: {@code $KILN_SERVER_JAR}, else {@code server/target/kiln-server.jar}
   * of the repository this CLI was built in (found from the CLI's own jar or classes folder).
   */
  static Path serverJar(String override) {
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    try {
      Path code =
          Path.of(LocalServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // cli/target/kiln-cli.jar (or cli/target/classes) -> the repository.
      Path repo = code.getParent().getParent().getParent();
      return repo.resolve("server").resolve("target").resolve("kiln-server.jar");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("server", "target", "kiln-server.jar").toAbsolutePath();
    }
  }

  /** The server process this home's pid file names, while it is alive. */
  Optional<ProcessHandle> running() {
    String text;
    try {
      text = Files.readString(pidFile(), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    // A reused pid belongs to another program: only a kiln-server JVM counts.
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains("kiln-server")).orElse(true));
  }

  /**
   * Starts the server in the background; answers its process once the pid file is written. The
   * caller waits with {@link #awaitReady}.
   */
  Process launch(Path jar, Integer port, List<String> jvmOptions) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new CliFailure(
          jar + " is missing: build Kiln first (mvn -DskipTests package, or ./kiln start once)");
    }
    Files.createDirectories(home);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "start", "--home", home.toString()));
    if (port != null) {
      command.addAll(List.of("--port", port.toString()));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    Process process = builder.start();
    Files.writeString(pidFile(), process.pid() + "\n", StandardCharsets.UTF_8);
    return process;
  }

  /** The log's size now, so that a wait reads only what a new start writes. */
  long logSize() throws IOException {
    return Files.exists(log()) ? Files.size(log()) : 0;
  }

  /**
   * The server's URL once it has logged that it is ready and answers {@code
   * /.well-known/databricks-config}; empty when {@code timeout} passes first. Fails when the
   * process ends meanwhile.
   */
  Optional<String> awaitReady(ProcessHandle process, long logOffset, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String url = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        Files.deleteIfExists(pidFile());
        List<String> lines = logSince(logOffset).strip().lines().toList();
        String tail =
            String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        throw new CliFailure("the server exited while starting; " + log() + " ends:\n" + tail);
      }
      if (url == null) {
        url = readyUrl(logSince(logOffset)).orElse(null);
      }
      if (url != null && answers(url)) {
        return Optional.of(url);
      }
      Thread.sleep(POLL.toMillis());
    }
    return Optional.empty();
  }

  /** The URL the running server last logged. */
  Optional<String> url() throws IOException {
    long size = logSize();
    return readyUrl(logSince(Math.max(0, size - LOG_TAIL)));
  }

  /** Whether the server at {@code url} answers its host metadata. */
  boolean answers(String url) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/.well-known/databricks-config"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Optional<String> readyUrl(String log) {
    Matcher m = READY.matcher(log);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return Optional.ofNullable(last);
  }

  private String logSince(long offset) throws IOException {
    if (!Files.exists(log())) {
      return "";
    }
    try (RandomAccessFile file = new RandomAccessFile(log().toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, file.length() - offset)];
      file.seek(offset);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
