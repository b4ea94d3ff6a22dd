package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import dev.kiln.server.compute.Isolation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User code runs outside the control plane's trust when Kiln itself is unprivileged: the packaged
 * server runs as a plain account ({@value #ACCOUNT}, made here if missing), so {@code
 * compute.isolation=auto} picks the bubblewrap sandbox. There the node keeps the control plane's
 * uid (its user namespace maps it to itself: an unprivileged process has no other uid to give), so
 * what keeps Kiln's files out of reach is the node's view of the files and its own PID namespace.
 * One single-node cluster; a plain user attacks from Scala and SQL, and from Python when the
 * account can run the runtime's interpreter.
 */
class SandboxIsolationIT {
  static final String ACCOUNT = "kiln-it-plain";
  static final Duration WAIT = Duration.ofMinutes(3);
  static final String OTHER_SECRET = "secret-of-another-node";
  static Path root;
  static Path home;
  static ServerProcess server;
  static WorkspaceClient admin;
  static WorkspaceClient ann;
  static String token;
  static String clusterId;
  static Path otherNodeSpec;

  @BeforeAll
  static void startUnprivileged() throws Exception {
    Assumptions.assumeTrue(
        Isolation.runningAsRoot(), "makes an account and switches to it: needs root (CI is)");
    int[] ids = account();
    // The test runs as root: the account's home must be reachable, and its own.
    root = Files.createTempDirectory("kiln-sandbox-it-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    home = root.resolve("home");
    Files.createDirectories(home);
    exec("chown", ids[0] + ":" + ids[1], home.toString());
    server =
        ServerProcess.startForTests(
            home,
            List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups", "--"));
    assertThat(Files.readString(home.resolve("server.log"))).contains("Compute isolation: sandbox");
    token = server.adminToken();
    admin = client(token);
    admin.users().create(new User().setUserName("ann@example.com"));
    ann =
        client(
            admin
                .tokenManagement()
                .createOboToken(new CreateOboTokenRequest().setApplicationId("ann@example.com"))
                .getTokenValue());
    admin
        .dbfs()
        .put(
            new Put()
                .setPath("/shared/hello.txt")
                .setOverwrite(true)
                .setContents(
                    Base64.getEncoder()
                        .encodeToString(
                            "hello from the admin\n".getBytes(StandardCharsets.UTF_8))));
    // What another node's folder would hold, in the account's own home as the control plane
    // keeps it: the node must not see it.
    otherNodeSpec = home.resolve("clusters/0000-other/driver/node.json");
    Files.createDirectories(otherNodeSpec.getParent());
    Files.writeString(otherNodeSpec, OTHER_SECRET);
    exec("chown", "-R", ids[0] + ":" + ids[1], home.resolve("clusters").toString());
    clusterId =
        ClusterCalls.createRunning(admin, ClusterCalls.singleNode("sandboxed")).getClusterId();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (clusterId != null) {
        try {
          admin.clusters().delete(clusterId).get(WAIT);
          ClusterCalls.assertNoProcessesLeft(clusterId);
        } finally {
          ClusterCalls.killLeftovers(clusterId);
        }
      }
    } finally {
      if (server != null) {
        server.close();
        if (clusterId == null) {
          System.out.println(Files.readString(home.resolve("server.log")));
        }
      }
      if (root != null) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  @Test
  void scalaSeesNeitherTheControlPlanesFilesNorItsProcesses() throws Exception {
    String out =
        run(
            Language.SCALA,
            """
            import java.nio.file.{Files, Path}
            def probe(p: String): String =
              scala.util.Try(Files.readString(Path.of(p))) match {
                case scala.util.Success(s) => "READ " + s.take(40)
                case scala.util.Failure(e) => e.getClass.getSimpleName
              }
            println("token " + probe("%1$s/admin-token"))
            println("key " + probe("%1$s/secrets.key"))
            println("other " + probe("%2$s"))
            val status = scala.io.Source.fromFile("/proc/self/status").getLines().toList
            println("uid " + status.find(_.startsWith("Uid:")).get.drop(4).trim.takeWhile(_.isDigit))
            println("userns " + Files.readSymbolicLink(Path.of("/proc/self/ns/user")))
            println("pidns " + Files.readSymbolicLink(Path.of("/proc/self/ns/pid")))
            val procs = new java.io.File("/proc").list().filter(_.forall(_.isDigit))
            val cmdlines = procs.flatMap(p => scala.util.Try(Files.readString(Path.of("/proc", p, "cmdline"))).toOption)
            println("server " + cmdlines.exists(_.contains("kiln-server.jar")))
            println("env " + sys.env.keys.toSeq.sorted.mkString(" "))
            println("dbfs " + spark.read.text("dbfs:/shared/hello.txt").first().getString(0))
            """
                .formatted(home, otherNodeSpec));
    assertThat(out).doesNotContain(token).doesNotContain(" READ").doesNotContain(OTHER_SECRET);
    assertThat(line(out, "token")).isEqualTo("NoSuchFileException");
    assertThat(line(out, "other")).isEqualTo("NoSuchFileException");
    // Its own user and PID namespaces: no process of the control plane's is in sight.
    long serverPid = server.pid();
    assertThat(line(out, "userns"))
        .isNotEqualTo(
            Files.readSymbolicLink(Path.of("/proc/" + serverPid + "/ns/user")).toString());
    assertThat(line(out, "pidns"))
        .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/" + serverPid + "/ns/pid")).toString());
    assertThat(line(out, "server")).isEqualTo("false");
    // The namespace maps the node's uid to the control plane's own (an unprivileged process has
    // no other to give): the view, not the uid, keeps Kiln's files away.
    assertThat(Long.parseLong(line(out, "uid"))).isEqualTo(account()[0]);
    assertThat(NodeIsolationIT.leakedEnvironment(line(out, "env"))).isEmpty();
    assertThat(line(out, "dbfs")).isEqualTo("hello from the admin");
  }

  @Test
  void sqlCannotReadOrLoadLocalFilesOfTheControlPlane() throws Exception {
    String context = context(Language.SQL);
    for (String attack :
        List.of(
            "SELECT * FROM text.`file://%s/admin-token`",
            "LOAD DATA LOCAL INPATH '%s/admin-token' INTO TABLE sandbox_load")) {
      if (attack.startsWith("LOAD")) {
        sql(context, "CREATE TABLE sandbox_load (line STRING) STORED AS TEXTFILE");
      }
      Results r = execute(context, Language.SQL, attack.formatted(home)).getResults();
      assertThat(String.valueOf(r.getData()) + r.getCause() + r.getSummary()).doesNotContain(token);
      assertThat(r.getCause() + r.getSummary())
          .as(attack)
          .containsAnyOf("PATH_NOT_FOUND", "does not exist");
    }
    // The legitimate path: DBFS reads.
    Results ok = sql(context, "SELECT * FROM text.`dbfs:/shared/hello.txt`");
    assertThat(String.valueOf(ok.getData())).isEqualTo("[[hello from the admin]]");
  }

  @Test
  void pythonSeesNoneOfTheControlPlanesFiles() throws Exception {
    // A node sees the interpreter the runtime's venv was made from only if Kiln can see it (the
    // sandbox binds it into the view as Kiln's account); in CI it is a pyenv under /root (0700).
    Path interpreter = pythonHome();
    Assumptions.assumeTrue(
        exitCode(
                "setpriv",
                "--reuid=" + account()[0],
                "--regid=" + account()[1],
                "--clear-groups",
                "--",
                "test",
                "-d",
                interpreter.toString())
            == 0,
        "Python contexts need an interpreter "
            + ACCOUNT
            + " can reach; the runtime's venv was made from "
            + interpreter);
    String out =
        run(
            Language.PYTHON,
            """
            import os
            def probe(p):
                try:
                    with open(p, 'rb') as f: f.read(); return 'READ'
                except Exception as e: return type(e).__name__
            print('token', probe('%s/admin-token'))
            print('dbfs', spark.read.text('dbfs:/shared/hello.txt').first()[0])
            """
                .formatted(home));
    assertThat(out).doesNotContain(token);
    assertThat(line(out, "token")).isEqualTo("FileNotFoundError");
    assertThat(line(out, "dbfs")).isEqualTo("hello from the admin");
  }

  // ---- helpers

  /** The folder of the interpreter the runtime's venv was made from ({@code home} of its cfg). */
  static Path pythonHome() throws IOException {
    for (String l :
        Files.readAllLines(NodeProcess.runtimeDir().resolve("python/venv/pyvenv.cfg"))) {
      String[] kv = l.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals("home")) {
        return Path.of(kv[1].strip());
      }
    }
    throw new IllegalStateException("no home in the runtime's pyvenv.cfg");
  }

  /** The test account's uid and gid; made (a system account, no login, no home) if missing. */
  static int[] account() throws Exception {
    if (exitCode("id", "-u", ACCOUNT) != 0) {
      int made =
          exitCode(
              "useradd",
              "--system",
              "--user-group",
              "--no-create-home",
              "--home-dir",
              "/nonexistent",
              "--shell",
              "/usr/sbin/nologin",
              ACCOUNT);
      // Another run may have made it meanwhile.
      assertThat(made == 0 || exitCode("id", "-u", ACCOUNT) == 0).as("useradd " + ACCOUNT).isTrue();
    }
    return new int[] {
      Integer.parseInt(exec("id", "-u", ACCOUNT).strip()),
      Integer.parseInt(exec("id", "-g", ACCOUNT).strip())
    };
  }

  static WorkspaceClient client(String token) {
    return new WorkspaceClient(
        new DatabricksConfig().setHost(server.url()).setToken(token).setAuthType("pat"));
  }

  static String context(Language language) throws Exception {
    return ann.commandExecution()
        .create(new CreateContext().setClusterId(clusterId).setLanguage(language))
        .get(WAIT)
        .getId();
  }

  static CommandStatusResponse execute(String context, Language language, String code)
      throws Exception {
    return ClusterCalls.execute(ann, clusterId, context, language, code);
  }

  static Results sql(String context, String statement) throws Exception {
    CommandStatusResponse done = execute(context, Language.SQL, statement);
    assertThat(done.getStatus())
        .as("%s: %s", statement, done.getResults().getCause())
        .isEqualTo(CommandStatus.FINISHED);
    assertThat(done.getResults().getCause()).as(statement).isNull();
    return done.getResults();
  }

  static String run(Language language, String code) throws Exception {
    return ClusterCalls.output(execute(context(language), language, code));
  }

  static String line(String out, String key) {
    return NodeIsolationIT.line(out, key);
  }

  static String exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  static int exitCode(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
