package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DbfsStorageInfo;
import com.databricks.sdk.service.compute.InitScriptInfo;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.files.Delete;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.files.ReadDbfsRequest;
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
 * Two single-node clusters; a plain user (not an admin) attacks from Python, Scala, SQL and an init
 * script, and each test also shows the legitimate path still works.
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
    var b = admin.clusters().create(ClusterCalls.singleNode("iso-b"));
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
    Set<String> nodeEnv = new TreeSet<>(List.of(line(out, "env").split(" ")));
    Set<String> leaked = new TreeSet<>(System.getenv().keySet());
    leaked.removeAll(Set.of("PATH", "LANG", "HOME", "USER", "LOGNAME", "TMPDIR", "PWD", "SHLVL"));
    leaked.retainAll(nodeEnv);
    assertThat(leaked).isEmpty();
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

  static Path nodeJsonOf(String clusterId) throws Exception {
    try (Stream<Path> files = Files.walk(server.home().resolve("clusters").resolve(clusterId))) {
      return files
          .filter(p -> p.getFileName().toString().equals("node.json"))
          .findFirst()
          .orElseThrow();
    }
  }

  static void put(String path, String text) {
    admin
        .dbfs()
        .put(
            new Put()
                .setPath(path)
                .setOverwrite(true)
                .setContents(
                    Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
  }

  static String context(String clusterId, Language language) throws Exception {
    var created =
        ann.commandExecution()
            .create(new CreateContext().setClusterId(clusterId).setLanguage(language))
            .get(WAIT);
    assertThat(created.getStatus()).isEqualTo(ContextStatus.RUNNING);
    return created.getId();
  }

  static String run(String clusterId, Language language, String code) throws Exception {
    CommandStatusResponse done =
        ClusterCalls.execute(ann, clusterId, context(clusterId, language), language, code);
    Results r = done.getResults();
    assertThat(done.getStatus())
        .as("%s %s", r.getSummary(), r.getCause())
        .isEqualTo(CommandStatus.FINISHED);
    assertThat(r.getCause()).as("%s", r.getSummary()).isNull();
    return String.valueOf(r.getData());
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
