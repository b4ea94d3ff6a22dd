package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.DbfsStorageInfo;
import com.databricks.sdk.service.compute.InitScriptInfo;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.files.Delete;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.files.ReadDbfsRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.SparkJarTask;
import com.databricks.sdk.service.jobs.SparkPythonTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import dev.kiln.server.compute.LocalCompute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User code runs outside the control plane's trust (issue: trust boundaries). Kiln runs as root
 * here, so every node runs under an account of its own, in a view of the files without Kiln's home.
 * A single-node cluster (A) and a cluster with one worker (B, whose tasks run in an executor JVM
 * the worker forked); a plain user (not an admin) attacks from Python, Scala, SQL, an init script,
 * jar and Python file tasks and executors, and each test also shows the legitimate path still
 * works. The same attacks with Kiln unprivileged (a sandbox instead of accounts): {@link
 * SandboxIsolationIT}.
 */
class NodeIsolationIT extends ServerIT {
  static final Duration WAIT = Duration.ofMinutes(3);
  static WorkspaceClient ann;
  static String clusterA;
  static String clusterB;
  static String token;

  @BeforeAll
  static void startClusters() throws Exception {
    ann = SecretsCalls.userClient(server, admin, "ann@example.com");
    token = server.adminToken();
    // The init script tries the admin's token and reports what it could do, into DBFS.
    put(
        "/init/probe.sh",
        """
        out=%s/init-probe.txt
        { id -u; cat %s/admin-token >/dev/null 2>&1 && echo TOKEN-READ || echo token-denied; } > $out
        """
            .formatted(server.config().dbfsRoot(), server.home()));
    put("/shared/hello.txt", "hello from the admin\n");
    var a =
        admin
            .clusters()
            .create(
                ClusterCalls.singleNode("iso-a")
                    .setInitScripts(
                        List.of(
                            new InitScriptInfo()
                                .setDbfs(
                                    new DbfsStorageInfo().setDestination("dbfs:/init/probe.sh")))));
    // One worker: its executors are JVMs of their own, forked by the worker node.
    var b = admin.clusters().create(ClusterCalls.small("iso-b", 1));
    clusterA = a.get(ClusterCalls.START).getClusterId();
    clusterB = b.get(ClusterCalls.START).getClusterId();
  }

  @AfterAll
  static void stopClusters() throws Exception {
    for (String id : new String[] {clusterA, clusterB}) {
      if (id != null) {
        try {
          admin.clusters().delete(id).get(WAIT);
          ClusterCalls.assertNoProcessesLeft(id);
        } finally {
          ClusterCalls.killLeftovers(id);
        }
      }
    }
  }

  @Test
  void pythonReadsNeitherTheHomeNorTheEnvironmentOfTheControlPlane() throws Exception {
    String out =
        run(
            clusterA,
            Language.PYTHON,
            """
            import os
            def probe(p):
                try:
                    with open(p, 'rb') as f: f.read(); return 'READ'
                except Exception as e: return type(e).__name__
            for p in ['%1$s/admin-token', '%1$s/secrets.key', '%1$s/db']:
                print(p, probe(p))
            print('uid', os.getuid())
            print('env', ' '.join(sorted(os.environ)))
            print('dbfs', spark.read.text('dbfs:/shared/hello.txt').first()[0])
            """
                .formatted(server.home()));
    assertThat(out).doesNotContain(token).doesNotContain(" READ");
    assertThat(out).contains("admin-token FileNotFoundError");
    assertThat(uid(out)).isNotZero();
    // Nothing of the control plane's environment but the allow-list reaches user code.
    assertThat(leakedEnvironment(line(out, "env"))).isEmpty();
    // The legitimate path: DBFS the admin wrote is readable.
    assertThat(line(out, "dbfs")).isEqualTo("hello from the admin");
  }

  @Test
  void sparkAndScalaCannotReadLocalFilesOfTheControlPlane() throws Exception {
    String py =
        run(
            clusterA,
            Language.PYTHON,
            """
            try:
                print(spark.read.text('file://%s/admin-token').collect())
            except Exception as e:
                print('refused', type(e).__name__)
            """
                .formatted(server.home()));
    assertThat(py).doesNotContain(token).contains("refused");
    String scala =
        run(
            clusterA,
            Language.SCALA,
            """
            val r = scala.util.Try(scala.io.Source.fromFile("%s/admin-token").mkString)
            println(if (r.isSuccess) "READ " + r.get else "refused " + r.failed.get.getClass.getSimpleName)
            println("dbfs " + spark.read.text("dbfs:/shared/hello.txt").first().getString(0))
            """
                .formatted(server.home()));
    assertThat(scala)
        .doesNotContain(token)
        .contains("refused")
        .contains("dbfs hello from the admin");
    CommandStatusResponse sql =
        ClusterCalls.execute(
            ann,
            clusterA,
            context(clusterA, Language.SQL),
            Language.SQL,
            "SELECT * FROM text.`file://" + server.home() + "/admin-token`");
    assertThat(String.valueOf(sql.getResults().getData())).doesNotContain(token);
    assertThat(sql.getResults().getCause() + sql.getResults().getSummary())
        .containsAnyOf("PATH_NOT_FOUND", "does not exist", "FileNotFound");
  }

  @Test
  void sqlLoadDataCannotLoadLocalFilesOfTheControlPlane() throws Exception {
    String context = context(clusterA, Language.SQL);
    sql(context, "CREATE TABLE iso_load (line STRING) STORED AS TEXTFILE");
    for (String attack :
        List.of(
            "LOAD DATA LOCAL INPATH '%s/admin-token' INTO TABLE iso_load",
            "LOAD DATA INPATH 'file://%s/admin-token' INTO TABLE iso_load")) {
      CommandStatusResponse refused =
          ClusterCalls.execute(
              ann, clusterA, context, Language.SQL, attack.formatted(server.home()));
      Results r = refused.getResults();
      assertThat(String.valueOf(r.getData()) + r.getCause() + r.getSummary()).doesNotContain(token);
      assertThat(r.getCause() + r.getSummary()).as(attack).contains("does not exist");
    }
    // The legitimate path: LOAD DATA of a DBFS file, which the table then holds (and nothing else).
    put("/shared/load.txt", "loaded from dbfs\n");
    sql(context, "LOAD DATA INPATH 'dbfs:/shared/load.txt' INTO TABLE iso_load");
    Results rows = sql(context, "SELECT line FROM iso_load");
    assertThat(String.valueOf(rows.getData())).isEqualTo("[[loaded from dbfs]]");
    sql(context, "DROP TABLE iso_load");
  }

  @Test
  void jarAndPythonFileTasksCannotReadTheHomeOfTheControlPlane() throws Exception {
    Path dir = Files.createTempDirectory("kiln-iso-jar-");
    byte[] jar =
        TestJars.compile(
            dir,
            "kiln.isotest.Probe",
            PROBE_MAIN,
            TestJars.jarsIn(NodeProcess.runtimeDir().resolve("jars")));
    putBytes("/iso/probe.jar", jar);
    put(
        "/iso/probe.py",
        """
        import os, sys
        for name in ['admin-token', 'secrets.key']:
            try:
                with open(os.path.join(sys.argv[1], name)) as f: print(name, 'READ', f.read())
            except Exception as e:
                print(name, 'refused', type(e).__name__)
        print('uid', os.getuid())
        print('dbfs', spark.read.text('dbfs:/shared/hello.txt').first()[0])
        """);
    String home = server.home().toString();
    for (SubmitTask task :
        List.of(
            new SubmitTask()
                .setTaskKey("jar")
                .setExistingClusterId(clusterA)
                .setLibraries(List.of(new Library().setJar("dbfs:/iso/probe.jar")))
                .setSparkJarTask(
                    new SparkJarTask()
                        .setMainClassName("kiln.isotest.Probe")
                        .setParameters(List.of(home))),
            new SubmitTask()
                .setTaskKey("python")
                .setExistingClusterId(clusterA)
                .setSparkPythonTask(
                    new SparkPythonTask()
                        .setPythonFile("dbfs:/iso/probe.py")
                        .setParameters(List.of(home))))) {
      long runId =
          ann.jobs()
              .submit(new SubmitRun().setRunName("probe").setTasks(List.of(task)))
              .getResponse()
              .getRunId();
      Run run = JobsCalls.awaitEnd(ann, runId, WAIT);
      assertThat(run.getState().getResultState())
          .as("%s: %s", task.getTaskKey(), run.getState().getStateMessage())
          .isEqualTo(RunResultState.SUCCESS);
      String logs =
          ann.jobs().getRunOutput(JobsCalls.task(run, task.getTaskKey()).getRunId()).getLogs();
      assertThat(logs).as(task.getTaskKey()).doesNotContain(token).doesNotContain(" READ");
      assertThat(line(logs, "admin-token")).as(logs).startsWith("refused");
      assertThat(line(logs, "secrets.key")).startsWith("refused");
      assertThat(uid(logs)).isNotZero();
      // The legitimate path: the task ran on the cluster's session and read DBFS.
      assertThat(line(logs, "dbfs")).isEqualTo("hello from the admin");
    }
  }

  @Test
  void executorsRunOutsideTheControlPlanesTrustToo() throws Exception {
    String out =
        run(
            clusterB,
            Language.SCALA,
            """
            val seen = sc.parallelize(1 to 2, 2).map { _ =>
              val token = scala.util.Try(scala.io.Source.fromFile("%s/admin-token").mkString)
              val uid = scala.io.Source.fromFile("/proc/self/status").getLines()
                .find(_.startsWith("Uid:")).get.drop(4).trim.takeWhile(_.isDigit)
              Seq(
                "executor " + org.apache.spark.SparkEnv.get.executorId,
                "uid " + uid,
                "token " + (if (token.isSuccess) "READ " + token.get
                            else "refused " + token.failed.get.getClass.getSimpleName),
                "env " + sys.env.keys.toSeq.sorted.mkString(" ")).mkString("\\n")
            }.collect()
            println(seen.mkString("\\n"))
            println("dbfs " + spark.read.text("dbfs:/shared/hello.txt").first().getString(0))
            """
                .formatted(server.home()));
    assertThat(out).doesNotContain(token).doesNotContain(" READ");
    // The tasks ran in an executor JVM, not in the driver, and under a non-root account.
    assertThat(line(out, "executor")).isNotEqualTo("driver");
    assertThat(line(out, "token")).startsWith("refused");
    assertThat(uid(out)).isNotZero();
    assertThat(leakedEnvironment(line(out, "env"))).isEmpty();
    assertThat(line(out, "dbfs")).isEqualTo("hello from the admin");
  }

  @Test
  void aNodeCannotReadAnotherClustersNodeFolder() throws Exception {
    Path nodeJson;
    try (Stream<Path> files = Files.walk(server.home().resolve("clusters").resolve(clusterB))) {
      nodeJson =
          files
              .filter(p -> p.getFileName().toString().equals("node.json"))
              .findFirst()
              .orElseThrow();
    }
    long pidB = LocalCompute.processesOf(clusterB).stream().max(Long::compare).orElseThrow();
    String out =
        run(
            clusterA,
            Language.PYTHON,
            """
            def probe(p):
                try:
                    with open(p, 'rb') as f: return 'READ ' + f.read().decode()[:40]
                except Exception as e: return type(e).__name__
            print('direct', probe('%1$s'))
            print('proc', probe('/proc/%2$d/root%1$s'))
            print('environ', probe('/proc/%2$d/environ'))
            """
                .formatted(nodeJson, pidB));
    assertThat(out).doesNotContain("READ");
    assertThat(line(out, "proc")).isEqualTo("PermissionError");
    // The folder is its node's account's alone, and so is its spec.
    assertThat(Files.getPosixFilePermissions(nodeJson))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getOwner(nodeJson.getParent()).getName()).startsWith("kiln-c");
    assertThat(Files.getOwner(nodeJson.getParent()))
        .isNotEqualTo(Files.getOwner(nodeJsonOf(clusterA).getParent()));
  }

  @Test
  void initScriptsRunOutsideTheControlPlanesTrustToo() throws Exception {
    String probe =
        new String(
            Base64.getDecoder()
                .decode(
                    admin.dbfs().read(new ReadDbfsRequest().setPath("/init-probe.txt")).getData()),
            StandardCharsets.UTF_8);
    assertThat(probe).contains("token-denied").doesNotContain("TOKEN-READ");
    assertThat(Integer.parseInt(probe.lines().findFirst().orElseThrow().strip())).isNotZero();
  }

  @Test
  void clustersUnderDifferentAccountsShareDbfs() throws Exception {
    run(
        clusterA,
        Language.PYTHON,
        "spark.range(3).write.format('delta').mode('overwrite').save('dbfs:/shared/t')\nprint('ok')");
    String out =
        run(
            clusterB,
            Language.PYTHON,
            """
            spark.range(3, 5).write.format('delta').mode('append').save('dbfs:/shared/t')
            print('rows', spark.read.format('delta').load('dbfs:/shared/t').count())
            """);
    assertThat(line(out, "rows")).isEqualTo("5");
    // And the control plane still manages what the nodes wrote.
    admin.dbfs().delete(new Delete().setPath("/shared/t").setRecursive(true));
    assertThat(Files.exists(server.config().dbfsRoot().resolve("shared/t"))).isFalse();
  }

  // ---- helpers

  /** A jar task's main: tries Kiln's home (args[0]), then reads DBFS as it may. */
  static final String PROBE_MAIN =
      """
      package kiln.isotest;

      import java.nio.file.Files;
      import java.nio.file.Path;
      import org.apache.spark.sql.SparkSession;

      public class Probe {
        public static void main(String[] args) throws Exception {
          SparkSession spark = SparkSession.builder().getOrCreate();
          for (String name : new String[] {"admin-token", "secrets.key"}) {
            String got;
            try {
              got = "READ " + Files.readString(Path.of(args[0], name));
            } catch (Exception e) {
              got = "refused " + e.getClass().getSimpleName();
            }
            System.out.println(name + " " + got);
          }
          for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
              System.out.println("uid " + l.substring(4).trim().split("\\t")[0]);
            }
          }
          System.out.println("dbfs " + spark.read().text("dbfs:/shared/hello.txt").first().getString(0));
        }
      }
      """;

  /** Names of the control plane's environment (but the allow-list) found in a node's. */
  static Set<String> leakedEnvironment(String nodeEnvNames) {
    Set<String> leaked = new TreeSet<>(System.getenv().keySet());
    leaked.removeAll(Set.of("PATH", "LANG", "HOME", "USER", "LOGNAME", "TMPDIR", "PWD", "SHLVL"));
    leaked.retainAll(List.of(nodeEnvNames.split(" ")));
    return leaked;
  }

  static Results sql(String context, String statement) throws Exception {
    CommandStatusResponse done =
        ClusterCalls.execute(ann, clusterA, context, Language.SQL, statement);
    assertThat(done.getStatus())
        .as("%s: %s", statement, done.getResults().getCause())
        .isEqualTo(CommandStatus.FINISHED);
    assertThat(done.getResults().getCause()).as(statement).isNull();
    return done.getResults();
  }

  static void putBytes(String path, byte[] bytes) {
    admin
        .dbfs()
        .put(
            new Put()
                .setPath(path)
                .setOverwrite(true)
                .setContents(Base64.getEncoder().encodeToString(bytes)));
  }

  static Path nodeJsonOf(String clusterId) throws Exception {
    try (Stream<Path> files = Files.walk(server.home().resolve("clusters").resolve(clusterId))) {
      return files
          .filter(p -> p.getFileName().toString().equals("node.json"))
          .findFirst()
          .orElseThrow();
    }
  }

  static void put(String path, String text) {
    putBytes(path, text.getBytes(StandardCharsets.UTF_8));
  }

  static String context(String clusterId, Language language) throws Exception {
    return ClusterCalls.newContext(ann, clusterId, language);
  }

  static String run(String clusterId, Language language, String code) throws Exception {
    return ClusterCalls.output(
        ClusterCalls.execute(ann, clusterId, context(clusterId, language), language, code));
  }

  static String line(String out, String key) {
    return out.lines()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .map(l -> l.substring(key.length() + 1).strip())
        .orElseThrow(() -> new AssertionError("no line '" + key + "' in " + out));
  }

  static long uid(String out) {
    return Long.parseLong(line(out, "uid"));
  }
}
