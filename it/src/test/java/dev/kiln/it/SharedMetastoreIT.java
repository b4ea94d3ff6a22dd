package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import dev.kiln.server.config.KilnConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Tables live in one metastore shared by every cluster and kept across control-plane restarts: a
 * Delta table created on one cluster is queried from another, before and after a restart. Clusters
 * reach it with the metastore's own credentials: nothing of the store's is in their settings.
 */
class SharedMetastoreIT extends ServerIT {
  // Generous: the first Delta write of a one-core cluster is slow on a busy machine.
  private static final Duration WAIT = Duration.ofMinutes(6);
  private static final List<String> clusters = new ArrayList<>();

  @AfterAll
  static void deleteClusters() {
    for (String id : clusters) {
      try {
        admin.clusters().delete(id).get(WAIT);
        assertNoProcessesLeft(id);
      } catch (Exception e) {
        ClusterCalls.killLeftovers(id);
      }
    }
  }

  private static String first;
  private static String second;

  @Test
  void aTableCreatedOnOneClusterIsSeenFromAnotherAndAfterARestart() throws Exception {
    startBoth();
    sql(first, "CREATE TABLE shared_sales (region STRING, amount INT)");
    sql(first, "INSERT INTO shared_sales VALUES ('north', 10), ('south', 32)");

    assertThat(rows(sql(second, "SELECT sum(amount) FROM shared_sales")))
        .containsExactly(List.of(42));

    server.restart();
    admin = server.client();
    assertThat(rows(sql(second, "SELECT count(*) FROM shared_sales"))).containsExactly(List.of(2));
    sql(second, "INSERT INTO shared_sales VALUES ('east', 1)");
    assertThat(rows(sql(first, "SELECT count(*) FROM shared_sales"))).containsExactly(List.of(3));
  }

  @Test
  void clustersGetTheMetastoresCredentialsAndNothingOfTheStore() throws Exception {
    startBoth();
    // Everything user code sees of its settings: Spark's conf, the session's, the environment.
    String output =
        ClusterCalls.runCommand(
            admin,
            first,
            Language.SCALA,
            "val conf = spark.sparkContext.getConf.getAll.toSeq ++ spark.conf.getAll.toSeq\n"
                + "println((conf.map { case (k, v) => \"conf \" + k + \"=\" + v } ++"
                + " sys.env.toSeq.map { case (k, v) => \"env \" + k + \"=\" + v })"
                + ".mkString(\"\\n\"))");
    List<String> lines = output.lines().map(l -> l.replaceFirst("^TEXT: ", "")).toList();
    String seen =
        lines.stream()
            .filter(l -> l.startsWith("conf "))
            .collect(Collectors.joining("\n", "", "\n"));
    // The environment: the node's own (the test harness's variables reach it until nodes get an
    // allow-list of their own), but none of the control plane's settings.
    String env = lines.stream().filter(l -> l.startsWith("env ")).collect(Collectors.joining("\n"));
    assertThat(env).contains("env SPARK_HOME=").doesNotContain("KILN_DB_");
    KilnConfig config = server.config();
    assertThat(seen)
        .contains("spark.sql.catalogImplementation=hive")
        .doesNotContain(config.dbUrl());
    if (config.dbUser() != null) {
      assertThat(seen).doesNotContain("ConnectionUserName=" + config.dbUser() + "\n");
    }
    // Nor its password, wherever the store's configuration keeps it (the test store's in its URL).
    String storePassword = storePassword(config);
    if (storePassword != null) {
      assertThat(output).doesNotContain(storePassword);
    }
    // The metastore's own user and password are there: the credentials kept in the home folder.
    Properties metastore = new Properties();
    try (Reader r = Files.newBufferedReader(server.home().resolve("metastore/credentials"))) {
      metastore.load(r);
    }
    assertThat(seen)
        .contains("javax.jdo.option.ConnectionUserName=" + metastore.getProperty("user") + "\n")
        .contains("javax.jdo.option.ConnectionPassword=" + metastore.getProperty("password"));
    if (config.isPostgres()) {
      assertThat(metastore.getProperty("user")).endsWith("_metastore");
      // The test store's user (kiln) signs in by name alone: its name must not reach clusters.
      assertThat(seen).doesNotContain("user=kiln").doesNotContain("UserName=kiln\n");
    }
    // Nor is anything of the store in a node's spec on disk.
    List<Path> specs;
    try (Stream<Path> files = Files.walk(server.home().resolve("clusters"))) {
      specs = files.filter(f -> f.getFileName().toString().equals("node.json")).toList();
    }
    assertThat(specs).isNotEmpty();
    for (Path spec : specs) {
      assertThat(Files.readString(spec))
          .as(spec.toString())
          .doesNotContain(config.dbUrl())
          .contains(metastore.getProperty("password"));
      if (storePassword != null) {
        assertThat(Files.readString(spec)).as(spec.toString()).doesNotContain(storePassword);
      }
    }
  }

  /**
   * Every cluster has the metastore's credentials, which make its user Derby's database owner: a
   * plain user can bind a SQL function or procedure to any Java method. That Java runs in Derby's
   * own process (its account and view of the files), not in the control plane, which is this JVM
   * here: the function sees none of its properties nor Kiln's home, and {@code System.exit} only
   * stops Derby, which the control plane starts again on the same port.
   */
  @Test
  void javaAUserBindsToMetastoreSqlRunsOutsideTheControlPlaneAndItsExitOnlyRestartsDerby()
      throws Exception {
    // On PostgreSQL the metastore is a database of its own there, with no Java in it.
    Assumptions.assumeFalse(server.config().isPostgres(), "the metastore is Derby");
    startBoth();
    sql(first, "CREATE TABLE IF NOT EXISTS survivors (id INT)");
    sql(first, "INSERT INTO survivors VALUES (1)");
    WorkspaceClient mallory = SecretsCalls.userClient(server, admin, "mallory@example.com");
    String marker = "control-plane-only-" + UUID.randomUUID();
    System.setProperty("kiln.test.marker", marker);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Path token = server.home().resolve("admin-token");
    long derbyBefore = derbyPid();
    try {
      String seen =
          ClusterCalls.runCommand(
              mallory,
              first,
              Language.SCALA,
              metastoreConnection()
                  + "s.execute(\"CREATE FUNCTION prop_"
                  + suffix
                  + "(k VARCHAR(200)) RETURNS VARCHAR(2000) PARAMETER STYLE JAVA NO SQL"
                  + " LANGUAGE JAVA EXTERNAL NAME 'java.lang.System.getProperty'\")\n"
                  + "def prop(k: String): String = { val rs = s.executeQuery(\"VALUES prop_"
                  + suffix
                  + "('\" + k + \"')\"); rs.next(); rs.getString(1) }\n"
                  + "println(\"MARKER=\" + prop(\"kiln.test.marker\"))\n"
                  + "println(\"COMMAND=\" + prop(\"sun.java.command\"))\n"
                  + "println(\"USER=\" + prop(\"user.name\"))\n"
                  // Derby's own import reads any file its process may: not Kiln's home.
                  + "s.execute(\"CREATE TABLE t_"
                  + suffix
                  + " (line VARCHAR(2000))\")\n"
                  + "val read = try { s.execute(\"CALL SYSCS_UTIL.SYSCS_IMPORT_TABLE(NULL, 'T_"
                  + suffix.toUpperCase(java.util.Locale.ROOT)
                  + "', '"
                  + token
                  + "', NULL, NULL, NULL, 0)\"); val rs = s.executeQuery(\"SELECT line FROM t_"
                  + suffix
                  + "\"); rs.next(); \"read \" + rs.getString(1) } catch { case e:"
                  + " java.sql.SQLException => \"refused \" + e.getMessage }\n"
                  + "println(\"TOKEN=\" + read)");
      assertThat(seen).contains("MARKER=null").doesNotContain(marker);
      assertThat(seen).contains("COMMAND=dev.kiln.server.metastore.DerbyMain ");
      if (java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0)) {
        assertThat(seen).contains("USER=kiln-metastore");
      }
      assertThat(seen).contains("TOKEN=refused").doesNotContain(server.adminToken());
    } finally {
      System.clearProperty("kiln.test.marker");
    }

    String exit =
        ClusterCalls.runCommand(
            mallory,
            first,
            Language.SCALA,
            metastoreConnection()
                + "s.execute(\"CREATE PROCEDURE quit_"
                + suffix
                + "(code INT) PARAMETER STYLE JAVA NO SQL LANGUAGE JAVA"
                + " EXTERNAL NAME 'java.lang.System.exit'\")\n"
                + "println(\"EXIT=\" + (try { s.execute(\"CALL quit_"
                + suffix
                + "(3)\"); \"returned\" } catch { case e: java.sql.SQLException =>"
                + " \"broken \" + e.getSQLState }))");
    assertThat(exit).contains("EXIT=broken");
    // The control plane (this JVM) is still there, and the metastore comes back on its port.
    assertThat(admin.clusters().get(first).getState().toString()).isEqualTo("RUNNING");
    Awaitility.await("a new Derby")
        .atMost(Duration.ofMinutes(1))
        .until(() -> derbyPid() != derbyBefore);
    Awaitility.await("the metastore back for drivers")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () -> sql(second, "CREATE TABLE IF NOT EXISTS after_" + suffix + " (id INT)") != null);
    assertThat(rows(sql(second, "SELECT count(*) FROM survivors")).get(0).get(0).toString())
        .isNotEqualTo("0");
  }

  /** Scala that opens a JDBC connection {@code s} to the metastore as the cluster's conf says. */
  private static String metastoreConnection() {
    return "val conf = spark.sparkContext.getConf\n"
        + "val p = new java.util.Properties()\n"
        + "p.setProperty(\"user\", conf.get(\"spark.hadoop.javax.jdo.option.ConnectionUserName\"))\n"
        + "p.setProperty(\"password\","
        + " conf.get(\"spark.hadoop.javax.jdo.option.ConnectionPassword\"))\n"
        + "val driver = Class.forName(conf.get(\"spark.hadoop.javax.jdo.option.ConnectionDriverName\"))"
        + ".getDeclaredConstructor().newInstance().asInstanceOf[java.sql.Driver]\n"
        + "val c = driver.connect(conf.get(\"spark.hadoop.javax.jdo.option.ConnectionURL\"), p)\n"
        + "val s = c.createStatement()\n";
  }

  private static long derbyPid() throws java.io.IOException {
    return Long.parseLong(
        Files.readString(server.home().resolve("metastore/derby.pid")).lines().findFirst().get());
  }

  /**
   * An attack by user code: the store's PostgreSQL server listens on a port every cluster reaches
   * (loopback here), so user code tries to sign in to Kiln's own database as the store's user,
   * without a password and with a guessed one. The server asks for the password and refuses a wrong
   * one; only the control plane, which has it, gets in.
   */
  @Test
  void userCodeCannotSignInToTheStoreWithoutItsPassword() throws Exception {
    KilnConfig config = server.config();
    assumeTrue(config.isPostgres(), "the store is on PostgreSQL");
    String user =
        config.dbUser() != null ? config.dbUser() : TestStore.parameter(config.dbUrl(), "user");
    String database = config.dbUrl().replaceFirst("\\?.*$", "");
    startBoth();
    String output =
        ClusterCalls.runCommand(
            admin,
            first,
            Language.SCALA,
            """
            Class.forName("org.postgresql.Driver")
            def signIn(password: Option[String]): String = {
              val login = new java.util.Properties()
              login.setProperty("user", "%s")
              password.foreach(p => login.setProperty("password", p))
              try { java.sql.DriverManager.getConnection("%s", login).close(); "connected" }
              catch { case e: java.sql.SQLException => "refused " + e.getSQLState + " " + e.getMessage }
            }
            println("none: " + signIn(None))
            println("empty: " + signIn(Some("")))
            println("wrong: " + signIn(Some("kiln")))
            """
                .formatted(user, database));
    assertThat(output)
        .doesNotContain("connected")
        .containsPattern("none: refused \\S+ .*SCRAM.*no password")
        .contains("empty: refused")
        .contains("wrong: refused 28P01")
        .contains("password authentication failed for user \"" + user + "\"");

    // The control plane's own credentials do open it.
    Properties login = new Properties();
    if (config.dbUser() != null) {
      login.setProperty("user", config.dbUser());
      login.setProperty("password", config.dbPassword());
    }
    try (Connection c = DriverManager.getConnection(config.dbUrl(), login)) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  private static String storePassword(KilnConfig config) {
    return config.dbPassword() != null
        ? config.dbPassword()
        : TestStore.parameter(config.dbUrl(), "password");
  }

  private static synchronized void startBoth() throws Exception {
    if (first == null) {
      first = start("meta-a");
      second = start("meta-b");
    }
  }

  private static String start(String name) throws Exception {
    ClusterDetails c = ClusterCalls.createRunning(admin, ClusterCalls.singleNode(name));
    clusters.add(c.getClusterId());
    return c.getClusterId();
  }

  private static Results sql(String clusterId, String statement) throws Exception {
    var context =
        admin
            .commandExecution()
            .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.SQL))
            .get(WAIT);
    assertThat(context.getStatus()).isEqualTo(ContextStatus.RUNNING);
    CommandStatusResponse done =
        admin
            .commandExecution()
            .execute(
                new Command()
                    .setClusterId(clusterId)
                    .setContextId(context.getId())
                    .setLanguage(Language.SQL)
                    .setCommand(statement))
            .get(WAIT);
    assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
    Results r = done.getResults();
    assertThat(r.getResultType())
        .as("%s: %s", r.getSummary(), r.getCause())
        .isNotEqualTo(ResultType.ERROR);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(Results r) {
    return (List<List<Object>>) r.getData();
  }
}
