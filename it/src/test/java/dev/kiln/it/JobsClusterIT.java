package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertOk;
import static dev.kiln.it.JobsCalls.awaitEnd;
import static dev.kiln.it.JobsCalls.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterSource;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import com.databricks.sdk.service.jobs.ConditionTask;
import com.databricks.sdk.service.jobs.ConditionTaskOp;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.JobCluster;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.RepairRun;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunTask;
import com.databricks.sdk.service.jobs.SparkPythonTask;
import com.databricks.sdk.service.jobs.SqlTask;
import com.databricks.sdk.service.jobs.SqlTaskFile;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.jobs.TaskDependency;
import com.databricks.sdk.service.workspace.Language;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Job tasks on a real cluster, through the official SDK: the shared Single Node cluster serves
 * every test but the last, which runs on a job cluster the run creates and ends.
 */
@SharedCluster.OnSharedCluster
class JobsClusterIT extends ServerIT {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final String SEP = "\n\n# COMMAND ----------\n\n";
  private static String clusterId;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterId = SharedCluster.clusterId();
  }

  private static String notebook(String name, String... cells) {
    String path = "/Shared/jobs-it/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    admin.workspace().mkdirs("/Shared/jobs-it");
    WorkspaceCalls.importSource(
        admin, path, Language.PYTHON, "# Databricks notebook source\n" + String.join(SEP, cells));
    return path;
  }

  private static Task notebookTask(String key, String path, Map<String, String> params) {
    return new Task()
        .setTaskKey(key)
        .setExistingClusterId(clusterId)
        .setNotebookTask(new NotebookTask().setNotebookPath(path).setBaseParameters(params));
  }

  private static long job(String name, Task... tasks) {
    return admin.jobs().create(new CreateJob().setName(name).setTasks(List.of(tasks))).getJobId();
  }

  private static long runNow(long jobId, Map<String, String> notebookParams) {
    return admin
        .jobs()
        .runNow(new RunNow().setJobId(jobId).setNotebookParams(notebookParams))
        .getResponse()
        .getRunId();
  }

  private static void putDbfs(String path, String text) {
    assertOk(
        server.call(
            "POST",
            "/api/2.0/dbfs/put",
            "{\"path\":\""
                + path
                + "\",\"overwrite\":true,\"contents\":\""
                + WorkspaceCalls.b64(text)
                + "\"}"));
  }

  private static String readDbfs(String path) {
    var r = server.call("GET", "/api/2.0/dbfs/read?path=" + path, null);
    if (r.statusCode() != 200) {
      return null;
    }
    return new String(
        java.util.Base64.getDecoder().decode(ApiAssertions.json(r).path("data").asText()),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aNotebookGetsItsParametersAsWidgetsExitsWithAValueAndPassesTaskValuesDownstream() {
    String producer =
        notebook(
            "producer",
            "greeting = dbutils.widgets.get(\"greeting\")\nother = dbutils.widgets.get(\"other\")",
            "# MAGIC %md\n# MAGIC Not code",
            "# MAGIC %sql\n# MAGIC SELECT 1 AS one",
            "dbutils.jobs.taskValues.set(\"n\", 42)\ndbutils.jobs.taskValues.set(\"info\", {\"k\": [1, 2]})",
            "dbutils.notebook.exit(greeting + \"/\" + other)",
            "raise Exception(\"never reached\")");
    String consumer =
        notebook(
            "consumer",
            """
            n = dbutils.jobs.taskValues.get("producer", "n")
            info = dbutils.jobs.taskValues.get("producer", "info")
            dbutils.notebook.exit(str(n + sum(info["k"])))""");
    long id =
        job(
            "notebooks",
            notebookTask("producer", producer, Map.of("greeting", "hello", "other", "x")),
            notebookTask("consumer", consumer, null)
                .setDependsOn(List.of(new TaskDependency().setTaskKey("producer"))),
            new Task()
                .setTaskKey("check")
                .setDependsOn(List.of(new TaskDependency().setTaskKey("producer")))
                .setConditionTask(
                    new ConditionTask()
                        .setLeft("{{tasks.producer.values.n}}")
                        .setOp(ConditionTaskOp.GREATER_THAN)
                        .setRight("40")));
    Run run = awaitEnd(admin, runNow(id, Map.of("greeting", "hi")), RUN);
    assertThat(run.getState().getResultState())
        .as(run.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    RunTask p = task(run, "producer");
    assertThat(p.getClusterInstance().getClusterId()).isEqualTo(clusterId);
    assertThat(p.getExecutionDuration()).isPositive();
    RunOutput out = admin.jobs().getRunOutput(p.getRunId());
    assertThat(out.getNotebookOutput().getResult()).isEqualTo("hi/x");
    assertThat(out.getNotebookOutput().getTruncated()).isFalse();
    assertThat(
            admin
                .jobs()
                .getRunOutput(task(run, "consumer").getRunId())
                .getNotebookOutput()
                .getResult())
        .isEqualTo("45");
    assertThat(task(run, "check").getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    var views = admin.jobs().exportRun(p.getRunId()).getViews();
    assertThat(views).hasSize(1);
    assertThat(views.iterator().next().getContent()).contains("dbutils.notebook.exit");
  }

  @Test
  void aPythonFileRunsWithItsParametersAndKeepsWhatItPrintedAsLogs() {
    String file = "dbfs:/jobs-it/script-" + UUID.randomUUID() + ".py";
    putDbfs(
        file,
        """
        import sys
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.getOrCreate()
        print('args', sys.argv[1:])
        print('count', spark.range(7).count())
        if sys.argv[1] == 'fail':
            raise ValueError('asked to fail')
        """);
    long id =
        job(
            "python-file",
            new Task()
                .setTaskKey("script")
                .setExistingClusterId(clusterId)
                .setSparkPythonTask(
                    new SparkPythonTask()
                        .setPythonFile(file)
                        .setParameters(List.of("a", "{{job.id}}"))));
    Run ok = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(ok.getState().getResultState())
        .as(ok.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    RunOutput out = admin.jobs().getRunOutput(task(ok, "script").getRunId());
    assertThat(out.getLogs()).contains("args ['a', '" + id + "']").contains("count 7");
    assertThat(out.getLogsTruncated()).isFalse();

    long failing =
        admin
            .jobs()
            .runNow(new RunNow().setJobId(id).setPythonParams(List.of("fail")))
            .getResponse()
            .getRunId();
    Run failed = awaitEnd(admin, failing, RUN);
    assertThat(failed.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    RunOutput error = admin.jobs().getRunOutput(task(failed, "script").getRunId());
    assertThat(error.getError()).contains("asked to fail");
    assertThat(error.getErrorTrace()).contains("ValueError");
    assertThat(error.getLogs()).contains("args ['fail']");
  }

  @Test
  void aSqlFileRunsEveryStatementAndAFailingOneFailsTheTask() {
    String table = "jobs_it_" + UUID.randomUUID().toString().substring(0, 8);
    String good = "dbfs:/jobs-it/" + table + ".sql";
    putDbfs(
        good,
        "CREATE TABLE "
            + table
            + " (id INT) USING delta;\nINSERT INTO "
            + table
            + " VALUES (1), (2);\n"
            + "INSERT INTO "
            + table
            + " SELECT id + 10 FROM "
            + table
            + ";\n");
    String bad = "dbfs:/jobs-it/bad-" + table + ".sql";
    putDbfs(bad, "SELECT * FROM no_such_table_" + table + ";");
    String check =
        notebook("count", "dbutils.notebook.exit(str(spark.table(\"" + table + "\").count()))");
    long id =
        job(
            "sql-file",
            new Task()
                .setTaskKey("sql")
                .setExistingClusterId(clusterId)
                .setSqlTask(new SqlTask().setFile(new SqlTaskFile().setPath(good))),
            notebookTask("count", check, null)
                .setDependsOn(List.of(new TaskDependency().setTaskKey("sql"))));
    Run run = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(run.getState().getResultState())
        .as(run.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    assertThat(
            admin
                .jobs()
                .getRunOutput(task(run, "count").getRunId())
                .getNotebookOutput()
                .getResult())
        .isEqualTo("4");

    long badJob =
        job(
            "sql-bad",
            new Task()
                .setTaskKey("sql")
                .setExistingClusterId(clusterId)
                .setSqlTask(new SqlTask().setFile(new SqlTaskFile().setPath(bad))));
    Run failed = awaitEnd(admin, runNow(badJob, null), RUN);
    assertThat(failed.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(admin.jobs().getRunOutput(task(failed, "sql").getRunId()).getError())
        .contains("no_such_table");
  }

  @Test
  void aFailingCellFailsTheTaskWithErrorAndTraceAndRepairRerunsItWithNewParameters() {
    String path =
        notebook(
            "moody",
            "mode = dbutils.widgets.get(\"mode\")",
            "if mode != \"ok\":\n    raise ValueError(\"bad mode \" + mode)",
            "dbutils.notebook.exit(mode)");
    String after = notebook("after", "dbutils.notebook.exit(\"after\")");
    long id =
        job(
            "repairable",
            notebookTask("moody", path, Map.of("mode", "bad")),
            notebookTask("after", after, null)
                .setDependsOn(List.of(new TaskDependency().setTaskKey("moody"))));
    Run run = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(run.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.INTERNAL_ERROR);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(run.getState().getStateMessage())
        .isEqualTo("Task moody failed with message: Workload failed, see run output for details.");
    RunTask moody = task(run, "moody");
    assertThat(moody.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.TERMINATED);
    assertThat(moody.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(task(run, "after").getState().getResultState())
        .isEqualTo(RunResultState.UPSTREAM_FAILED);
    RunOutput out = admin.jobs().getRunOutput(moody.getRunId());
    assertThat(out.getError()).contains("bad mode bad");
    assertThat(out.getErrorTrace()).contains("ValueError");

    admin
        .jobs()
        .repairRun(
            new RepairRun()
                .setRunId(run.getRunId())
                .setRerunAllFailedTasks(true)
                .setNotebookParams(Map.of("mode", "ok")))
        .getResponse();
    Run repaired =
        Awaitility.await()
            .atMost(RUN)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> admin.jobs().getRun(run.getRunId()),
                r ->
                    JobsCalls.isTerminal(r.getState().getLifeCycleState())
                        && task(r, "moody").getRunId() != moody.getRunId().longValue());
    assertThat(repaired.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(
            admin
                .jobs()
                .getRunOutput(task(repaired, "moody").getRunId())
                .getNotebookOutput()
                .getResult())
        .isEqualTo("ok");
    assertThat(task(repaired, "after").getState().getResultState())
        .isEqualTo(RunResultState.SUCCESS);
  }

  @Test
  void aFailedAttemptIsRetriedOnTheCluster() {
    String marker = "dbfs:/jobs-it/marker-" + UUID.randomUUID();
    String path =
        notebook(
            "flaky",
            "try:\n    dbutils.fs.head(\""
                + marker
                + "\")\nexcept Exception:\n"
                + "    dbutils.fs.put(\""
                + marker
                + "\", \"x\")\n    raise Exception(\"first attempt fails\")");
    long id = job("flaky", notebookTask("flaky", path, null).setMaxRetries(1L));
    Run run = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(run.getTasks()).extracting(RunTask::getAttemptNumber).containsExactly(0L, 1L);
    assertThat(run.getTasks())
        .extracting(t -> t.getState().getResultState())
        .containsExactly(RunResultState.FAILED, RunResultState.SUCCESS);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
  }

  @Test
  void aTimeoutAndACancelReallyStopTheCommandOnTheCluster() throws Exception {
    String counter = "dbfs:/jobs-it/counter-" + UUID.randomUUID();
    String busy =
        notebook(
            "busy",
            "import time\nfor i in range(3000):\n    dbutils.fs.put(\""
                + counter
                + "\", str(i), True)\n    time.sleep(0.1)");
    long id = job("busy", notebookTask("busy", busy, null));
    long runId = runNow(id, null);
    Awaitility.await().atMost(RUN).until(() -> readDbfs(counter) != null);
    admin.jobs().cancelRun(runId);
    Run canceled = awaitEnd(admin, runId, Duration.ofSeconds(30));
    assertThat(canceled.getState().getResultState()).isEqualTo(RunResultState.CANCELED);
    assertThat(task(canceled, "busy").getState().getResultState())
        .isEqualTo(RunResultState.CANCELED);
    Thread.sleep(1000);
    String stoppedAt = readDbfs(counter);
    Thread.sleep(1500);
    assertThat(readDbfs(counter)).as("the loop on the cluster stopped").isEqualTo(stoppedAt);

    long slow =
        job(
            "slow",
            notebookTask("slow", notebook("sleepy", "import time\ntime.sleep(120)"), null)
                .setTimeoutSeconds(3L));
    long started = System.nanoTime();
    Run timedOut = awaitEnd(admin, runNow(slow, null), RUN);
    assertThat(task(timedOut, "slow").getState().getResultState())
        .isEqualTo(RunResultState.TIMEDOUT);
    assertThat(timedOut.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aJobClusterIsCreatedForTheRunAndEndsWithJobFinished() {
    String path = notebook("on-job-cluster", "dbutils.notebook.exit(str(spark.range(5).count()))");
    var spec = ClusterCalls.singleNode("job-cluster");
    com.databricks.sdk.service.compute.ClusterSpec clusterSpec =
        new com.databricks.sdk.service.compute.ClusterSpec()
            .setSparkVersion(spec.getSparkVersion())
            .setNodeTypeId(spec.getNodeTypeId())
            .setNumWorkers(0L)
            .setSparkConf(spec.getSparkConf())
            .setCustomTags(spec.getCustomTags());
    long id =
        admin
            .jobs()
            .create(
                new CreateJob()
                    .setName("job-cluster")
                    .setJobClusters(
                        List.of(
                            new JobCluster().setJobClusterKey("shared").setNewCluster(clusterSpec)))
                    .setTasks(
                        List.of(
                            new Task()
                                .setTaskKey("count")
                                .setJobClusterKey("shared")
                                .setNotebookTask(new NotebookTask().setNotebookPath(path)))))
            .getJobId();
    Run run = awaitEnd(admin, runNow(id, null), RUN);
    String jobCluster = task(run, "count").getClusterInstance().getClusterId();
    try {
      assertThat(run.getState().getResultState())
          .as(run.getState().getStateMessage())
          .isEqualTo(RunResultState.SUCCESS);
      assertThat(jobCluster).isNotEqualTo(clusterId);
      assertThat(
              admin
                  .jobs()
                  .getRunOutput(task(run, "count").getRunId())
                  .getNotebookOutput()
                  .getResult())
          .isEqualTo("5");
      ClusterDetails ended =
          Awaitility.await()
              .atMost(RUN)
              .pollInterval(Duration.ofMillis(500))
              .until(() -> admin.clusters().get(jobCluster), c -> c.getState() == State.TERMINATED);
      assertThat(ended.getClusterSource()).isEqualTo(ClusterSource.JOB);
      assertThat(ended.getTerminationReason().getCode())
          .isEqualTo(TerminationReasonCode.JOB_FINISHED);
      ClusterCalls.assertNoProcessesLeft(jobCluster);
    } finally {
      ClusterCalls.killLeftovers(jobCluster);
    }
  }
}
