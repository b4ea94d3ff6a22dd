package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.CancelCommand;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Command Execution 1.2 through the official Java SDK on a real cluster: SQL, Python and Scala
 * results of every type, errors, cancel, isolation, dbutils, secret redaction, DBFS in Spark and
 * Delta tables. One cluster serves the whole class.
 */
class CommandExecutionIT extends ServerIT {
  static final Duration WAIT = Duration.ofMinutes(3);
  static String clusterId;
  static final List<String> contexts = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    clusterId = ClusterCalls.createRunning(admin, ClusterCalls.small("exec", 1)).getClusterId();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    ClusterCalls.terminate(admin, clusterId);
  }

  static String context(WorkspaceClient w, Language language) throws Exception {
    String id = ClusterCalls.newContext(w, clusterId, language);
    contexts.add(id);
    return id;
  }

  static Results run(WorkspaceClient w, String context, Language language, String code)
      throws Exception {
    CommandStatusResponse done = ClusterCalls.execute(w, clusterId, context, language, code);
    assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
    return done.getResults();
  }

  static String text(Results r) {
    assertThat(r.getResultType())
        .as("%s: %s", r.getSummary(), r.getCause())
        .isEqualTo(ResultType.TEXT);
    return String.valueOf(r.getData());
  }

  @Test
  void sqlAnswersTablesWithSparkTypesAndTruncation() throws Exception {
    String sql = context(admin, Language.SQL);
    Results one =
        run(admin, sql, Language.SQL, "SELECT 1 AS a, 'x' AS b, CAST(2.5 AS DECIMAL(10,2)) AS c");
    assertThat(one.getResultType()).isEqualTo(ResultType.TABLE);
    assertThat(one.getSchema())
        .extracting(c -> c.get("name") + ":" + c.get("type"))
        .containsExactly("a:int", "b:string", "c:decimal(10,2)");
    assertThat((List<?>) one.getData()).hasSize(1);
    assertThat(one.getTruncated()).isFalse();
    Results many = run(admin, sql, Language.SQL, "SELECT id FROM range(5000)");
    assertThat(many.getTruncated()).isTrue();
    assertThat((List<?>) many.getData()).hasSizeLessThan(5000);
    Results error = run(admin, sql, Language.SQL, "SELECT * FROM no_such_table");
    assertThat(error.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(error.getSummary()).contains("no_such_table");
  }

  @Test
  void pythonPrintsAndShowsTheLastValueAndTables() throws Exception {
    String py = context(admin, Language.PYTHON);
    assertThat(text(run(admin, py, Language.PYTHON, "1 + 1"))).isEqualTo("2");
    assertThat(text(run(admin, py, Language.PYTHON, "print('hello')\nx = 40\nx + 2")))
        .contains("hello")
        .contains("42");
    assertThat(
            text(
                run(
                    admin,
                    py,
                    Language.PYTHON,
                    "sc.parallelize(range(100), 4).map(lambda v: v * 2).sum()")))
        .isEqualTo("9900");
    Results table = run(admin, py, Language.PYTHON, "display(spark.range(3).toDF('n'))");
    assertThat(table.getResultType()).isEqualTo(ResultType.TABLE);
    assertThat((List<?>) table.getData()).hasSize(3);
    Results error = run(admin, py, Language.PYTHON, "1 / 0");
    assertThat(error.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(error.getSummary()).contains("ZeroDivisionError");
    assertThat(error.getCause()).contains("Traceback");
  }

  @Test
  void scalaPrintsAsTheReplAndRunsClosuresOnExecutors() throws Exception {
    String scala = context(admin, Language.SCALA);
    assertThat(text(run(admin, scala, Language.SCALA, "val x = 21 * 2"))).contains("x: Int = 42");
    assertThat(
            text(
                run(
                    admin,
                    scala,
                    Language.SCALA,
                    "case class P(n: Int)\nsc.parallelize(1 to 100).map(i => P(i * 2)).map(_.n).sum()")))
        .contains("10100");
    Results error = run(admin, scala, Language.SCALA, "1 / 0");
    assertThat(error.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(error.getSummary()).contains("ArithmeticException");
  }

  @Test
  void contextsAreIsolatedAndDestroyed() throws Exception {
    String a = context(admin, Language.PYTHON);
    String b = context(admin, Language.PYTHON);
    run(admin, a, Language.PYTHON, "secret_number = 7");
    Results missing = run(admin, b, Language.PYTHON, "secret_number");
    assertThat(missing.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(missing.getSummary()).contains("NameError");
    admin.commandExecution().destroy(new DestroyContext().setClusterId(clusterId).setContextId(b));
    assertThatThrownBy(() -> admin.commandExecution().contextStatus(clusterId, b))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () ->
                admin
                    .commandExecution()
                    .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.R)))
        .isInstanceOf(InvalidParameterValue.class);
    // A context runs one language: SQL sent to a Python context is refused, not run as Python.
    assertThatThrownBy(
            () ->
                admin
                    .commandExecution()
                    .execute(
                        new Command()
                            .setClusterId(clusterId)
                            .setContextId(a)
                            .setLanguage(Language.SQL)
                            .setCommand("SELECT 1")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("runs python, not sql");
    assertThat(text(run(admin, a, Language.PYTHON, "secret_number"))).isEqualTo("7");
  }

  @Test
  void cancelStopsALongSparkJobAndTheClusterIsFreeAfterwards() throws Exception {
    String py = context(admin, Language.PYTHON);
    String commandId =
        admin
            .commandExecution()
            .execute(
                new Command()
                    .setClusterId(clusterId)
                    .setContextId(py)
                    .setLanguage(Language.PYTHON)
                    .setCommand(
                        "spark.range(0, 10**12, 1, 8).selectExpr('sum(id * id % 7)').collect()"))
            .getResponse()
            .getId();
    Thread.sleep(3000);
    CommandStatusResponse cancelled =
        admin
            .commandExecution()
            .cancel(
                new CancelCommand()
                    .setClusterId(clusterId)
                    .setContextId(py)
                    .setCommandId(commandId))
            .get(WAIT);
    assertThat(cancelled.getStatus()).isEqualTo(CommandStatus.CANCELLED);
    assertThat(text(run(admin, py, Language.PYTHON, "spark.range(10).count()"))).isEqualTo("10");
  }

  @Test
  void dbutilsWorkInBothLanguagesAndSecretsAreRedacted() throws Exception {
    admin.secrets().createScope(new CreateScope().setScope("exec"));
    admin
        .secrets()
        .putSecret(new PutSecret().setScope("exec").setKey("pw").setStringValue("hunter2-secret"));
    String py = context(admin, Language.PYTHON);
    String scala = context(admin, Language.SCALA);

    run(admin, py, Language.PYTHON, "dbutils.fs.put('/exec/hello.txt', 'hi from python', True)");
    assertThat(admin.dbfs().getStatus("/exec/hello.txt").getFileSize()).isEqualTo(14L);
    assertThat(text(run(admin, scala, Language.SCALA, "dbutils.fs.head(\"/exec/hello.txt\")")))
        .contains("hi from python");
    assertThat(text(run(admin, py, Language.PYTHON, "[f.name for f in dbutils.fs.ls('/exec')]")))
        .contains("hello.txt");

    assertThat(
            text(
                run(admin, py, Language.PYTHON, "v = dbutils.secrets.get('exec', 'pw')\nprint(v)")))
        .contains("[REDACTED]")
        .doesNotContain("hunter2");
    assertThat(text(run(admin, scala, Language.SCALA, "dbutils.secrets.get(\"exec\", \"pw\")")))
        .doesNotContain("hunter2");

    run(admin, py, Language.PYTHON, "dbutils.widgets.text('who', 'world')");
    assertThat(text(run(admin, py, Language.PYTHON, "dbutils.widgets.get('who')")))
        .contains("world");
    assertThat(
            text(
                run(
                    admin,
                    py,
                    Language.PYTHON,
                    "dbutils.notebook.exit('done')\nprint('not here')")))
        .isEqualTo("done");
  }

  @Test
  void dbfsPathsWorkInSparkBothWays() throws Exception {
    admin
        .dbfs()
        .put(
            new Put()
                .setPath("/exec/in.csv")
                .setContents(base64("n\n1\n2\n3\n"))
                .setOverwrite(true));
    String py = context(admin, Language.PYTHON);
    assertThat(
            text(
                run(
                    admin,
                    py,
                    Language.PYTHON,
                    "spark.read.option('header', True).csv('dbfs:/exec/in.csv').count()")))
        .isEqualTo("3");
    run(
        admin,
        py,
        Language.PYTHON,
        "spark.range(10).write.mode('overwrite').parquet('dbfs:/exec/out')");
    assertThat(admin.dbfs().list("/exec/out"))
        .extracting(f -> f.getPath())
        .anySatisfy(p -> assertThat(p).endsWith(".parquet"));
  }

  @Test
  void deltaIsTheDefaultTableFormat() throws Exception {
    String sql = context(admin, Language.SQL);
    run(admin, sql, Language.SQL, "CREATE TABLE exec_delta (id INT, v STRING)");
    run(admin, sql, Language.SQL, "INSERT INTO exec_delta VALUES (1, 'a'), (2, 'b')");
    run(admin, sql, Language.SQL, "UPDATE exec_delta SET v = 'B' WHERE id = 2");
    run(
        admin,
        sql,
        Language.SQL,
        "MERGE INTO exec_delta t USING (SELECT 3 AS id, 'c' AS v) s ON t.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    Results now = run(admin, sql, Language.SQL, "SELECT id, v FROM exec_delta ORDER BY id");
    assertThat(rows(now)).containsExactly(List.of(1, "a"), List.of(2, "B"), List.of(3, "c"));
    Results first =
        run(admin, sql, Language.SQL, "SELECT count(*) FROM exec_delta VERSION AS OF 1");
    assertThat(rows(first)).containsExactly(List.of(2));
    Results format = run(admin, sql, Language.SQL, "DESCRIBE DETAIL exec_delta");
    assertThat(format.getData().toString()).contains("delta").contains("dbfs:/user/hive/warehouse");
  }

  @Test
  void secretsAreReadWithTheAclsOfTheCommandsUser() throws Exception {
    admin.secrets().createScope(new CreateScope().setScope("exec-acl"));
    admin
        .secrets()
        .putSecret(new PutSecret().setScope("exec-acl").setKey("k").setStringValue("private"));
    WorkspaceClient ann = SecretsCalls.userClient(server, admin, "ann-exec@example.com");
    String py = context(ann, Language.PYTHON);
    Results denied = run(ann, py, Language.PYTHON, "dbutils.secrets.get('exec-acl', 'k')");
    assertThat(denied.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(denied.getSummary() + denied.getCause()).contains("PERMISSION_DENIED");
  }

  @Test
  void matplotlibFiguresComeBackAsImages() throws Exception {
    String py = context(admin, Language.PYTHON);
    Results image =
        run(
            admin,
            py,
            Language.PYTHON,
            "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2])\nplt.show()");
    assertThat(image.getResultType()).isEqualTo(ResultType.IMAGE);
    assertThat(image.getFileName()).startsWith("data:image/png;base64,");
  }

  @Test
  void aDeadPythonProcessIsReportedAndANewContextWorks() throws Exception {
    String py = context(admin, Language.PYTHON);
    CommandStatusResponse died =
        admin
            .commandExecution()
            .execute(
                new Command()
                    .setClusterId(clusterId)
                    .setContextId(py)
                    .setLanguage(Language.PYTHON)
                    .setCommand("import os\nos._exit(3)"))
            .get(WAIT);
    String report =
        died.getResults() == null
            ? ""
            : died.getResults().getSummary() + " " + died.getResults().getCause();
    assertThat(died.getStatus() + " " + report).containsIgnoringCase("python");
    String fresh = context(admin, Language.PYTHON);
    assertThat(text(run(admin, fresh, Language.PYTHON, "6 * 7"))).isEqualTo("42");
  }

  @SuppressWarnings("unchecked")
  static List<List<Object>> rows(Results r) {
    assertThat(r.getResultType()).as("%s", r.getSummary()).isEqualTo(ResultType.TABLE);
    return (List<List<Object>>) r.getData();
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static Collection<Map<String, Object>> schema(Results r) {
    return r.getSchema();
  }
}
