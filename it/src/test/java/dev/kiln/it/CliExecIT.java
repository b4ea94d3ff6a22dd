package dev.kiln.it;

import static dev.kiln.it.CliRun.fails;
import static dev.kiln.it.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.ContextStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln exec} against a real server and the shared Single Node cluster (SQL, Python and
 * Scala; -e, files, stdin; errors, JSON, timeouts, Ctrl-C), and {@code kiln server} on a packaged
 * server of its own.
 */
@SharedCluster.OnSharedCluster
class CliExecIT extends ServerIT {
  private static String clusterId;

  @TempDir Path temp;

  @BeforeAll
  static void sharedCluster() {
    clusterId = SharedCluster.clusterId();
  }

  private Map<String, String> env() {
    return CliRun.adminEnv(server, temp);
  }

  private CliRun kiln(String... args) {
    return kiln(env(), "", args);
  }

  private static CliRun kiln(Map<String, String> env, String stdin, String... args) {
    return CliRun.run(env, stdin, args);
  }

  private CliRun exec(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "exec";
    all[1] = "--cluster";
    all[2] = clusterId;
    System.arraycopy(args, 0, all, 3, args.length);
    return kiln(all);
  }

  @Test
  void sqlPrintsATableWithItsRowCount() throws IOException {
    CliRun one = ok(exec("--language", "sql", "-e", "SELECT 1 AS a, 'kiln' AS name, NULL AS n"));
    assertThat(one.out().lines().toList())
        .containsExactly("a  name  n", "1  kiln  null", "(1 row)");

    CliRun many = ok(exec("-l", "sql", "-e", "SELECT id FROM range(5000)"));
    List<String> lines = many.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("id");
    assertThat(lines.get(1)).isEqualTo("0");
    assertThat(lines.get(lines.size() - 1)).matches("\\(\\d+ rows, truncated\\)");

    JsonNode json = ok(exec("-l", "sql", "-e", "SELECT 1 AS a", "-o", "json")).json();
    assertThat(json.get("resultType").asText()).isEqualTo("table");
    assertThat(json.get("schema").get(0).get("name").asText()).isEqualTo("a");
    assertThat(json.get("data").get(0).get(0).asInt()).isEqualTo(1);
  }

  @Test
  void pythonAndScalaPrintTheirText() {
    assertThat(ok(exec("-l", "python", "-e", "print('hello')\nx = 40\nx + 2")).out())
        .isEqualTo("hello\n42\n");
    assertThat(ok(exec("--language", "scala", "-e", "val x = 21 * 2")).out())
        .contains("x: Int = 42");
    // Stdin, with the language given.
    assertThat(
            ok(kiln(env(), "print(6 * 7)\n", "exec", "-c", clusterId, "-l", "python", "-")).out())
        .isEqualTo("42\n");
  }

  @Test
  void aFilesExtensionPicksItsLanguage() throws IOException {
    Path sql = Files.writeString(temp.resolve("query.sql"), "SELECT 2 AS two\n");
    assertThat(ok(exec(sql.toString())).out()).startsWith("two\n2\n");
    Path py = Files.writeString(temp.resolve("job.py"), "import sys\nprint(sys.version_info[0])\n");
    assertThat(ok(exec(py.toString())).out()).isEqualTo("3\n");
    Path scala = Files.writeString(temp.resolve("Job.scala"), "val s = \"kiln\".toUpperCase\n");
    assertThat(ok(exec(scala.toString())).out()).contains("s: String = KILN");
    // --language wins over the extension.
    Path text = Files.writeString(temp.resolve("code.txt"), "SELECT 3 AS three");
    assertThat(ok(exec("-l", "sql", text.toString())).out()).startsWith("three\n3\n");
    CliRun unknown = fails(exec(text.toString()), 2);
    assertThat(unknown.err()).contains("cannot tell the language of " + text);
  }

  @Test
  void anErrorResultExitsOneWithItsSummary() throws IOException {
    CliRun error = fails(exec("-l", "python", "-e", "1 / 0"), 1);
    assertThat(error.out()).isEmpty();
    assertThat(error.err()).containsPattern("(?m)^Error: ZeroDivisionError");
    assertThat(error.err()).doesNotContain("Traceback");
    CliRun verbose = fails(exec("-l", "python", "-e", "1 / 0", "--verbose"), 1);
    assertThat(verbose.err()).contains("ZeroDivisionError").contains("Traceback");

    CliRun sql = fails(exec("-l", "sql", "-e", "SELECT * FROM no_such_table"), 1);
    assertThat(sql.err()).containsPattern("(?m)^Error: .*no_such_table");
    // JSON still prints the results object, and still exits 1.
    CliRun json = fails(exec("-l", "python", "-e", "1 / 0", "-o", "json"), 1);
    assertThat(json.json().get("resultType").asText()).isEqualTo("error");
    assertThat(json.json().get("cause").asText()).contains("Traceback");
  }

  @Test
  void aTimeoutCancelsTheCommandAndExitsThree() throws Exception {
    CliRun kept = ok(exec("-l", "python", "--keep-context", "-e", "n = 5"));
    Matcher m = Pattern.compile("context: (\\S+)").matcher(kept.err());
    assertThat(m.find()).as(kept.err()).isTrue();
    String context = m.group(1);
    assertThat(ok(exec("-l", "python", "--context", context, "-e", "n * 2")).out())
        .isEqualTo("10\n");

    CliRun slow =
        fails(
            exec(
                "-l",
                "python",
                "--context",
                context,
                "--timeout",
                "3s",
                "-e",
                "import time; time.sleep(60)"),
            3);
    assertThat(slow.err()).contains("Error: timed out after 3s waiting for command");
    // The sleep was cancelled: the context answers at once, and it is still there.
    long before = System.nanoTime();
    assertThat(
            ok(exec("-l", "python", "--context", context, "--timeout", "40s", "-e", "n + 1")).out())
        .isEqualTo("6\n");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(40));
    admin
        .commandExecution()
        .destroy(
            new com.databricks.sdk.service.compute.DestroyContext()
                .setClusterId(clusterId)
                .setContextId(context));
  }

  @Test
  void ctrlCCancelsTheCommandAndExits130() throws Exception {
    Path err = temp.resolve("stderr.txt");
    Process process =
        cli(err, "-l", "python", "--keep-context", "-e", "import time; time.sleep(120)");
    try {
      Pattern running = Pattern.compile("command (\\S+): RUNNING");
      String log = awaitStderr(process, err, running);
      Matcher context = Pattern.compile("context: (\\S+)").matcher(log);
      Matcher command = running.matcher(log);
      assertThat(context.find() && command.find()).as(log).isTrue();

      interrupt(process, err);
      assertThat(Files.readString(err)).contains("Cancelling command " + command.group(1));
      Awaitility.await("the command to be cancelled")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                          .commandExecution()
                          .commandStatus(clusterId, context.group(1), command.group(1))
                          .getStatus()
                      == CommandStatus.CANCELLED);
      // A kept context stays.
      assertThat(admin.commandExecution().contextStatus(clusterId, context.group(1)).getStatus())
          .isEqualTo(ContextStatus.RUNNING);
      admin
          .commandExecution()
          .destroy(
              new com.databricks.sdk.service.compute.DestroyContext()
                  .setClusterId(clusterId)
                  .setContextId(context.group(1)));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void ctrlCWhileTheContextStartsDestroysIt() throws Exception {
    Path err = temp.resolve("stderr-context.txt");
    // A Scala context takes seconds to start (its REPL compiles): long enough to see it Pending.
    Process process = cli(err, "-l", "scala", "-e", "Thread.sleep(120000)");
    try {
      Pattern starting = Pattern.compile("context (\\S+): ");
      Matcher context = starting.matcher(awaitStderr(process, err, starting));
      assertThat(context.find()).isTrue();

      interrupt(process, err);
      // Gone, whether the interrupt came before the command or (cancelling it) after.
      Awaitility.await("the context to be destroyed")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () -> admin.commandExecution().contextStatus(clusterId, context.group(1)))
                      .isInstanceOf(ResourceDoesNotExist.class));
    } finally {
      process.destroyForcibly();
    }
  }

  /** {@code kiln exec --cluster ID ARGS} as a process of its own, its stderr into {@code err}. */
  private Process cli(Path err, String... args) throws IOException {
    // kiln.server.dir is <repo>/server/target: the CLI's jar is <repo>/cli/target/kiln-cli.jar.
    Path cliJar =
        Path.of(System.getProperty("kiln.server.dir"))
            .toAbsolutePath()
            .normalize()
            .getParent()
            .resolveSibling("cli/target/kiln-cli.jar");
    assertThat(cliJar).isRegularFile();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-jar",
            cliJar.toString(),
            "exec",
            "--cluster",
            clusterId));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env());
    builder.redirectError(err.toFile()).redirectOutput(temp.resolve("stdout.txt").toFile());
    return builder.start();
  }

  /**
   * The CLI's stderr once it shows {@code pattern}; fails at once, with that stderr, when the CLI
   * ended first.
   */
  private static String awaitStderr(Process process, Path err, Pattern pattern) throws IOException {
    Awaitility.await("the CLI to show " + pattern)
        .atMost(Duration.ofMinutes(2))
        .until(() -> pattern.matcher(Files.readString(err)).find() || !process.isAlive());
    String log = Files.readString(err);
    assertThat(process.isAlive()).as("the CLI is still running; its stderr: %s", log).isTrue();
    return log;
  }

  /**
   * Sends the CLI SIGINT (as Ctrl-C does) by its PID and checks it exits 130. A JVM started with
   * SIGINT ignored (as background jobs of non-interactive shells are) keeps it ignored, and Java
   * cannot undo that; SIGTERM then takes the same path (the shutdown hook) and exits 143.
   */
  private static void interrupt(Process process, Path err) throws Exception {
    boolean intIgnored = sigintIgnored();
    new ProcessBuilder("kill", intIgnored ? "-TERM" : "-INT", Long.toString(process.pid()))
        .start()
        .waitFor();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(intIgnored ? 143 : 130);
  }

  @Test
  void unknownClustersAndUsageErrors() {
    CliRun missing =
        fails(kiln("exec", "--cluster", "0000-000000-nope", "-l", "sql", "-e", "SELECT 1"), 1);
    assertThat(missing.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ").hasLineCount(1);

    fails(kiln("exec", "-l", "sql", "-e", "SELECT 1"), 2);
    fails(exec("-e", "SELECT 1"), 2);
    fails(exec("-l", "sql"), 2);
    fails(exec("-l", "sql", "-e", "SELECT 1", "query.sql"), 2);
    fails(exec("-l", "r", "-e", "1"), 2);
    fails(exec("-l", "sql", "-e", "SELECT 1", "--timeout", "soon"), 2);
    CliRun noFile = fails(exec(temp.resolve("nope.sql").toString()), 1);
    assertThat(noFile.err()).contains("no such file");
    assertThat(ok(kiln("exec", "--help")).out()).contains("--cluster", "--language", "--timeout");
  }

  @Test
  void anUnknownContextIsTheApisError() {
    assertThatThrownBy(() -> admin.commandExecution().contextStatus(clusterId, "no-such-context"))
        .isInstanceOf(ResourceDoesNotExist.class);
    CliRun badContext =
        fails(exec("-l", "sql", "--context", "no-such-context", "-e", "SELECT 1"), 1);
    assertThat(badContext.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
  }

  @Test
  void serverStartsStatusesAndStops() throws Exception {
    Path home = temp.resolve("kiln-home");
    Map<String, String> env = new HashMap<>();
    env.put(
        "KILN_SERVER_JAR",
        Path.of(System.getProperty("kiln.server.dir"), "kiln-server.jar").toString());
    env.put("KILN_JAVA_OPTS", "-Xmx256m");
    env.put("DATABRICKS_CONFIG_FILE", temp.resolve("no-databrickscfg").toString());
    int port = freePort();
    String[] where = {"--home", home.toString()};
    long pid = -1;
    try {
      CliRun started = kiln(env, "", "server", "start", where[0], where[1], "--port", "" + port);
      if (Files.exists(home.resolve("server.pid"))) {
        pid = Long.parseLong(Files.readString(home.resolve("server.pid")).trim());
      }
      ok(started);
      assertThat(started.out()).contains("Kiln is running at http://", ":" + port, "pid " + pid);
      assertThat(started.out()).contains("Admin token: " + home.resolve("admin-token"));
      assertThat(home.resolve("admin-token")).isRegularFile();
      assertThat(home.resolve("server.log")).isRegularFile();

      CliRun status = ok(kiln(env, "", "server", "status", where[0], where[1]));
      assertThat(status.out()).contains("Kiln is running at", ":" + port, "pid " + pid);
      JsonNode json =
          ok(kiln(env, "", "server", "status", where[0], where[1], "-o", "json")).json();
      assertThat(json.get("pid").asLong()).isEqualTo(pid);

      CliRun again = fails(kiln(env, "", "server", "start", where[0], where[1]), 1);
      assertThat(again.err()).contains("already runs", "pid " + pid);

      ok(kiln(env, "", "server", "stop", where[0], where[1]));
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(home.resolve("server.pid")).doesNotExist();
      CliRun stopped = fails(kiln(env, "", "server", "status", where[0], where[1]), 1);
      assertThat(stopped.out()).contains("Kiln is not running");
    } finally {
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Whether this process ignores SIGINT (then so do the processes it starts). */
  private static boolean sigintIgnored() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
