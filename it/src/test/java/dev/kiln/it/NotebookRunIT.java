package dev.kiln.it;

import static dev.kiln.it.JobsCalls.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.GetRunRequest;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunType;
import com.databricks.sdk.service.jobs.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dbutils.notebook.run} on one real cluster, through the official SDK: a parent notebook (an
 * interactive Python or Scala context, or a notebook task of a job) runs a child with arguments,
 * gets its exit value, and sees a failing or slow child raise. Every child is a WORKFLOW_RUN in
 * runs/list, with its own output.
 */
@SharedCluster.OnSharedCluster
class NotebookRunIT extends ServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String SEP = "\n\n# COMMAND ----------\n\n";
  private static final String DIR =
      "/Shared/nbrun-it/" + UUID.randomUUID().toString().substring(0, 8);
  private static String clusterId;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterId = SharedCluster.clusterId();
    admin.workspace().mkdirs(DIR + "/lib");
    notebook(
        "lib/child", "x = dbutils.widgets.get(\"x\")", "dbutils.notebook.exit(\"child got \" + x)");
    notebook("lib/broken", "raise ValueError(\"child broke on purpose\")");
    notebook("lib/slow", "import time\ntime.sleep(300)");
    notebook("lib/quiet", "y = 1");
    // Nested: a child that itself runs a notebook, by a path relative to its own.
    notebook(
        "lib/middle",
        "inner = dbutils.notebook.run(\"./child\", 120, {\"x\": \"nested \" + dbutils.widgets.get(\"x\")})",
        "dbutils.notebook.exit(\"middle saw \" + inner)");
  }

  private static String notebook(String name, String... cells) {
    String path = DIR + "/" + name;
    WorkspaceCalls.importSource(
        admin,
        path,
        com.databricks.sdk.service.workspace.Language.PYTHON,
        "# Databricks notebook source\n" + String.join(SEP, cells));
    return path;
  }

  private static String context(Language language) throws Exception {
    return ClusterCalls.newContext(admin, clusterId, language);
  }

  private static Results run(String context, Language language, String code) throws Exception {
    CommandStatusResponse done = ClusterCalls.execute(admin, clusterId, context, language, code);
    assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
    return done.getResults();
  }

  private static String text(Results r) {
    assertThat(r.getResultType())
        .as("%s: %s", r.getSummary(), r.getCause())
        .isEqualTo(ResultType.TEXT);
    return String.valueOf(r.getData());
  }

  /** Kiln's notebook-run links of a run (a child's parent task run, a task run's children). */
  private static JsonNode links(long runId) throws Exception {
    HttpResponse<String> r =
        server.call("GET", "/api/2.0/kiln/jobs/runs/notebook-links?run_id=" + runId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The WORKFLOW_RUNs of a notebook, newest first, with their tasks. */
  private static List<BaseRun> childRuns(String path) {
    List<BaseRun> runs = new ArrayList<>();
    StreamSupport.stream(
            admin
                .jobs()
                .listRuns(
                    new ListRunsRequest().setRunType(RunType.WORKFLOW_RUN).setExpandTasks(true))
                .spliterator(),
            false)
        .filter(r -> r.getTasks() != null && r.getTasks().size() == 1)
        .filter(
            r -> path.equals(r.getTasks().iterator().next().getNotebookTask().getNotebookPath()))
        .forEach(runs::add);
    return runs;
  }

  @Test
  void anInteractivePythonCommandRunsAChildWithArgumentsAndGetsItsExitValue() throws Exception {
    String py = context(Language.PYTHON);
    String value =
        text(
            run(
                py,
                Language.PYTHON,
                "v = dbutils.notebook.run(\""
                    + DIR
                    + "/lib/child\", 120, {\"x\": \"py 1\"})\n"
                    + "print(type(v).__name__, v)"));
    assertThat(value).isEqualTo("str child got py 1");

    List<BaseRun> children = childRuns(DIR + "/lib/child");
    assertThat(children).isNotEmpty();
    BaseRun child = children.get(0);
    assertThat(child.getRunType()).isEqualTo(RunType.WORKFLOW_RUN);
    assertThat(child.getJobId()).isNull();
    assertThat(child.getCreatorUserName()).isEqualTo("admin");
    assertThat(child.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(child.getTasks().iterator().next().getExistingClusterId()).isEqualTo(clusterId);
    assertThat(child.getTasks().iterator().next().getNotebookTask().getBaseParameters())
        .containsEntry("x", "py 1");
    RunOutput out = admin.jobs().getRunOutput(child.getRunId());
    assertThat(out.getNotebookOutput().getResult()).isEqualTo("child got py 1");
    // A command outside any job task has no parent task run.
    assertThat(links(child.getRunId()).path("parent").isObject()).isFalse();

    // A child that never exits gives "", and a relative path needs a calling notebook.
    assertThat(
            text(
                run(
                    py,
                    Language.PYTHON,
                    "print(repr(dbutils.notebook.run(\"" + DIR + "/lib/quiet\", 0)))")))
        .isEqualTo("''");
    Results relative =
        run(py, Language.PYTHON, "dbutils.notebook.run(\"./child\", 60, {\"x\": \"1\"})");
    assertThat(relative.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(relative.getSummary() + relative.getCause())
        .contains("WorkflowException")
        .contains("needs a calling notebook");
    Results missing = run(py, Language.PYTHON, "dbutils.notebook.run(\"" + DIR + "/nope\", 60)");
    assertThat(missing.getSummary() + missing.getCause())
        .contains("Notebook not found: " + DIR + "/nope");
  }

  @Test
  void aFailingChildRaisesInTheCallerWithItsError() throws Exception {
    String py = context(Language.PYTHON);
    String caught =
        text(
            run(
                py,
                Language.PYTHON,
                "try:\n"
                    + "    dbutils.notebook.run(\""
                    + DIR
                    + "/lib/broken\", 120)\n"
                    + "except Exception as e:\n"
                    + "    print(type(e).__name__ + ': ' + str(e))"));
    assertThat(caught)
        .startsWith("WorkflowException: Notebook run ")
        .contains("(" + DIR + "/lib/broken) failed")
        .contains("child broke on purpose");
    BaseRun child = childRuns(DIR + "/lib/broken").get(0);
    assertThat(child.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(admin.jobs().getRunOutput(child.getRunId()).getError())
        .contains("child broke on purpose");
  }

  @Test
  void aChildPastItsTimeoutIsCancelledAndTheCallerRaises() throws Exception {
    String py = context(Language.PYTHON);
    long t0 = System.nanoTime();
    Results timedOut =
        run(py, Language.PYTHON, "dbutils.notebook.run(\"" + DIR + "/lib/slow\", 3, {})");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(timedOut.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(timedOut.getSummary() + timedOut.getCause()).contains("timed out after 3 seconds");
    assertThat(took).isLessThan(Duration.ofSeconds(60));
    BaseRun child = childRuns(DIR + "/lib/slow").get(0);
    Run ended = awaitEnd(admin, child.getRunId(), WAIT);
    assertThat(ended.getState().getResultState()).isEqualTo(RunResultState.TIMEDOUT);
  }

  @Test
  void aScalaCommandRunsAChildWithAScalaMap() throws Exception {
    String scala = context(Language.SCALA);
    String value =
        text(
            run(
                scala,
                Language.SCALA,
                "val v = dbutils.notebook.run(\""
                    + DIR
                    + "/lib/child\", 120, Map(\"x\" -> \"from scala\"))\nprintln(v)"));
    assertThat(value).contains("child got from scala");
  }

  @Test
  void aJobsNotebookTaskRunsChildrenByRelativePathsNestedAndFailsWithAFailingChild()
      throws Exception {
    String parent =
        notebook(
            "parent",
            "a = dbutils.notebook.run(\"lib/child\", 120, {\"x\": dbutils.widgets.get(\"x\")})",
            "b = dbutils.notebook.run(\"./lib/middle\", 240, {\"x\": \"deep\"})",
            "dbutils.notebook.exit(a + \" | \" + b)");
    long jobId =
        admin
            .jobs()
            .create(
                new CreateJob()
                    .setName("nbrun-parent")
                    .setTasks(
                        List.of(
                            new Task()
                                .setTaskKey("parent")
                                .setExistingClusterId(clusterId)
                                .setNotebookTask(
                                    new NotebookTask()
                                        .setNotebookPath(parent)
                                        .setBaseParameters(Map.of("x", "job"))))))
            .getJobId();
    long runId = admin.jobs().runNow(new RunNow().setJobId(jobId)).getResponse().getRunId();
    Run run = awaitEnd(admin, runId, WAIT);
    assertThat(run.getState().getResultState())
        .as(run.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    assertThat(run.getRunType()).isEqualTo(RunType.JOB_RUN);
    RunOutput out = admin.jobs().getRunOutput(run.getTasks().iterator().next().getRunId());
    assertThat(out.getNotebookOutput().getResult())
        .isEqualTo("child got job | middle saw child got nested deep");
    BaseRun middle = childRuns(DIR + "/lib/middle").get(0);
    assertThat(middle.getRunType()).isEqualTo(RunType.WORKFLOW_RUN);
    assertThat(admin.jobs().getRunOutput(middle.getRunId()).getNotebookOutput().getResult())
        .isEqualTo("middle saw child got nested deep");
    assertThat(
            admin
                .jobs()
                .getRun(
                    new GetRunRequest().setRunId(childRuns(DIR + "/lib/child").get(0).getRunId()))
                .getTasks()
                .iterator()
                .next()
                .getNotebookTask()
                .getBaseParameters())
        .containsEntry("x", "nested deep");

    // Each child is linked to the task run whose command started it: runs/get has no field for
    // that, so Kiln's own route tells (and the web run page shows it).
    assertThat(admin.jobs().getRun(new GetRunRequest().setRunId(middle.getRunId())).getRunType())
        .isEqualTo(RunType.WORKFLOW_RUN);
    long parentTask = run.getTasks().iterator().next().getRunId();
    JsonNode middleParent = links(middle.getRunId()).path("parent");
    assertThat(middleParent.path("run_id").asLong()).isEqualTo(runId);
    assertThat(middleParent.path("task_run_id").asLong()).isEqualTo(parentTask);
    assertThat(middleParent.path("task_key").asText()).isEqualTo("parent");
    assertThat(links(parentTask).path("children").findValuesAsText("notebook_path"))
        .containsExactly(DIR + "/lib/child", DIR + "/lib/middle");
    long nested = childRuns(DIR + "/lib/child").get(0).getRunId();
    long middleTask =
        admin
            .jobs()
            .getRun(new GetRunRequest().setRunId(middle.getRunId()))
            .getTasks()
            .iterator()
            .next()
            .getRunId();
    JsonNode nestedParent = links(nested).path("parent");
    assertThat(nestedParent.path("run_id").asLong()).isEqualTo(middle.getRunId());
    assertThat(nestedParent.path("task_run_id").asLong()).isEqualTo(middleTask);
    assertThat(links(middleTask).path("children").findValuesAsText("run_id"))
        .containsExactly(Long.toString(nested));
    assertThat(
            server
                .call("GET", "/api/2.0/kiln/jobs/runs/notebook-links?run_id=987654321", null)
                .statusCode())
        .isEqualTo(404);

    String failing = notebook("failing-parent", "dbutils.notebook.run(\"lib/broken\", 120)");
    long failingJob =
        admin
            .jobs()
            .create(
                new CreateJob()
                    .setName("nbrun-failing")
                    .setTasks(
                        List.of(
                            new Task()
                                .setTaskKey("parent")
                                .setExistingClusterId(clusterId)
                                .setNotebookTask(new NotebookTask().setNotebookPath(failing)))))
            .getJobId();
    Run failed =
        awaitEnd(
            admin,
            admin.jobs().runNow(new RunNow().setJobId(failingJob)).getResponse().getRunId(),
            WAIT);
    assertThat(failed.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(admin.jobs().getRunOutput(failed.getTasks().iterator().next().getRunId()).getError())
        .contains("WorkflowException")
        .contains("child broke on purpose");
  }
}
