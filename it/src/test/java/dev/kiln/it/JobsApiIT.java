package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ApiAssertions.assertOk;
import static dev.kiln.it.JobsCalls.after;
import static dev.kiln.it.JobsCalls.awaitEnd;
import static dev.kiln.it.JobsCalls.awaitState;
import static dev.kiln.it.JobsCalls.condition;
import static dev.kiln.it.JobsCalls.dep;
import static dev.kiln.it.JobsCalls.ok;
import static dev.kiln.it.JobsCalls.runJob;
import static dev.kiln.it.JobsCalls.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.CancelAllRuns;
import com.databricks.sdk.service.jobs.ConditionTaskOp;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.GetRunRequest;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.QueueDetailsCodeCode;
import com.databricks.sdk.service.jobs.QueueSettings;
import com.databricks.sdk.service.jobs.RepairHistoryItemType;
import com.databricks.sdk.service.jobs.RepairRun;
import com.databricks.sdk.service.jobs.ResetJob;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunIf;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunLifecycleStateV2State;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.jobs.TerminationCodeCode;
import com.databricks.sdk.service.jobs.UpdateJob;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jobs API without clusters, through the official SDK and raw calls: job CRUD, paging, bad
 * input, and runs of condition and run-job tasks, which need no cluster. A run-job task of a job
 * that no longer exists fails; one of a job whose runs can never start ({@code max_concurrent_runs}
 * 0, queueing on) waits until it is cancelled or times out.
 */
class JobsApiIT {
  private static final Duration RUN = Duration.ofSeconds(30);
  private static TestServer server;
  private static WorkspaceClient w;
  private static long goneJob;
  private static long neverStartingJob;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    w = server.client();
    goneJob =
        w.jobs().create(new CreateJob().setName("gone").setTasks(List.of(ok("a")))).getJobId();
    w.jobs().delete(goneJob);
    neverStartingJob =
        w.jobs()
            .create(
                new CreateJob()
                    .setName("never-starts")
                    .setMaxConcurrentRuns(0L)
                    .setQueue(new QueueSettings().setEnabled(true))
                    .setTasks(List.of(ok("a"))))
            .getJobId();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static long create(String name, Task... tasks) {
    return w.jobs().create(new CreateJob().setName(name).setTasks(List.of(tasks))).getJobId();
  }

  private static long runNow(long jobId) {
    return w.jobs().runNow(new RunNow().setJobId(jobId)).getResponse().getRunId();
  }

  // ---- jobs

  @Test
  void createdJobsEchoTheCloudDefaultsAndKeepUninterpretedSettings() {
    String body =
        "{\"name\":\"echo\",\"tags\":{\"team\":\"data\"},\"git_source\":{\"git_url\":\"x\","
            + "\"git_provider\":\"gitHub\",\"git_branch\":\"main\"},\"tasks\":[{\"task_key\":\"b\","
            + "\"depends_on\":[{\"task_key\":\"z\"},{\"task_key\":\"a\"}],\"condition_task\":{"
            + "\"op\":\"EQUAL_TO\",\"left\":\"1\",\"right\":\"1\"},\"health\":{\"rules\":[]}},"
            + "{\"task_key\":\"a\",\"condition_task\":{\"op\":\"EQUAL_TO\",\"left\":\"1\","
            + "\"right\":\"1\"}},{\"task_key\":\"z\",\"condition_task\":{\"op\":\"EQUAL_TO\","
            + "\"left\":\"1\",\"right\":\"1\"}}]}";
    long id = assertOk(server.call("POST", "/api/2.2/jobs/create", body)).get("job_id").asLong();
    JsonNode job = assertOk(server.call("GET", "/api/2.2/jobs/get?job_id=" + id, null));
    JsonNode s = job.get("settings");
    assertThat(job.path("creator_user_name").asText()).isEqualTo("admin");
    assertThat(job.path("created_time").asLong()).isPositive();
    assertThat(s.path("format").asText()).isEqualTo("MULTI_TASK");
    assertThat(s.path("queue").path("enabled").asBoolean()).as("2.2 queues by default").isTrue();
    assertThat(s.path("max_concurrent_runs").asInt()).isEqualTo(1);
    assertThat(s.path("timeout_seconds").asInt()).isZero();
    assertThat(s.path("email_notifications").isObject()).isTrue();
    assertThat(s.path("webhook_notifications").isObject()).isTrue();
    assertThat(s.path("tags").path("team").asText()).isEqualTo("data");
    assertThat(s.path("git_source").path("git_branch").asText()).isEqualTo("main");
    JsonNode b = s.path("tasks").get(0);
    assertThat(b.path("run_if").asText()).isEqualTo("ALL_SUCCESS");
    assertThat(b.path("timeout_seconds").asInt()).isZero();
    assertThat(b.path("depends_on").findValuesAsText("task_key")).containsExactly("a", "z");
    assertThat(b.path("health").has("rules")).isTrue();
    assertThat(job.has("next_page_token")).isFalse();

    long v21 =
        assertOk(server.call("POST", "/api/2.1/jobs/create", "{\"name\":\"v21\"}"))
            .get("job_id")
            .asLong();
    assertThat(w.jobs().get(v21).getSettings().getQueue()).as("2.1 does not queue").isNull();
    assertThat(w.jobs().get(v21).getSettings().getName()).isEqualTo("v21");
  }

  @Test
  void resetReplacesTheSettingsAndUpdateMergesTasksByKeyAndRemovesFields() {
    long id = create("before", ok("a"), ok("b"));
    w.jobs()
        .reset(
            new ResetJob()
                .setJobId(id)
                .setNewSettings(
                    new JobSettings()
                        .setName("after")
                        .setTasks(List.of(ok("x")))
                        .setMaxConcurrentRuns(3L)));
    JobSettings reset = w.jobs().get(id).getSettings();
    assertThat(reset.getName()).isEqualTo("after");
    assertThat(reset.getMaxConcurrentRuns()).isEqualTo(3L);
    assertThat(reset.getTasks()).extracting(Task::getTaskKey).containsExactly("x");

    w.jobs()
        .update(
            new UpdateJob()
                .setJobId(id)
                .setNewSettings(
                    new JobSettings()
                        .setTasks(
                            List.of(
                                condition("x", "2", ConditionTaskOp.GREATER_THAN, "1"), ok("y")))
                        .setTags(Map.of("k", "v")))
                .setFieldsToRemove(List.of("max_concurrent_runs")));
    JobSettings updated = w.jobs().get(id).getSettings();
    assertThat(updated.getTasks()).extracting(Task::getTaskKey).containsExactly("x", "y");
    assertThat(List.copyOf(updated.getTasks()).get(0).getConditionTask().getOp())
        .isEqualTo(ConditionTaskOp.GREATER_THAN);
    assertThat(updated.getTags()).containsEntry("k", "v");
    assertThat(updated.getMaxConcurrentRuns()).as("removed, then the default again").isEqualTo(1L);

    w.jobs().update(new UpdateJob().setJobId(id).setFieldsToRemove(List.of("tasks/x")));
    assertThat(w.jobs().get(id).getSettings().getTasks())
        .extracting(Task::getTaskKey)
        .containsExactly("y");
  }

  @Test
  void aDeletedJobIsGoneWith404On21AndTheLegacy400On20() {
    long id = create("doomed", ok("a"));
    w.jobs().delete(id);
    assertThatThrownBy(() -> w.jobs().get(id)).isInstanceOf(ResourceDoesNotExist.class);
    assertThat(
            assertError(
                server.call("GET", "/api/2.1/jobs/get?job_id=" + id, null),
                404,
                "RESOURCE_DOES_NOT_EXIST"))
        .isEqualTo("Job " + id + " does not exist.");
    assertError(
        server.call("GET", "/api/2.0/jobs/get?job_id=" + id, null), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.2/jobs/delete", "{\"job_id\":" + id + "}"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        server.call("POST", "/api/2.2/jobs/run-now", "{\"job_id\":" + id + "}"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        server.call("GET", "/api/2.2/jobs/runs/get?run_id=999999", null),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void listPagesByLimitOffsetAndTokenAndFiltersByName() {
    String name = "paged-" + UUID.randomUUID();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create(name, ok("a")));
    }
    List<Long> seen =
        StreamSupport.stream(
                w.jobs().list(new ListJobsRequest().setName(name).setLimit(2L)).spliterator(),
                false)
            .map(BaseJob::getJobId)
            .toList();
    assertThat(seen).containsExactlyElementsOf(ids);
    JsonNode first = assertOk(server.call("GET", "/api/2.2/jobs/list?limit=2&name=" + name, null));
    assertThat(first.path("jobs")).hasSize(2);
    assertThat(first.path("has_more").asBoolean()).isTrue();
    assertThat(first.path("jobs").get(0).path("settings").has("tasks")).isFalse();
    JsonNode last =
        assertOk(
            server.call(
                "GET", "/api/2.2/jobs/list?limit=2&offset=4&expand_tasks=true&name=" + name, null));
    assertThat(last.path("jobs")).hasSize(1);
    assertThat(last.path("has_more").asBoolean()).isFalse();
    assertThat(last.has("next_page_token")).isFalse();
    assertThat(last.path("jobs").get(0).path("settings").path("tasks")).hasSize(1);
    assertError(
        server.call("GET", "/api/2.2/jobs/list?limit=101", null), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.2/jobs/list?limit=x", null), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void getOn22PagesTheTasksAt100AndOn21ShowsThemAll() {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      tasks.add(ok(String.format("t%03d", i)));
    }
    long id = w.jobs().create(new CreateJob().setName("big").setTasks(tasks)).getJobId();
    JsonNode first = assertOk(server.call("GET", "/api/2.2/jobs/get?job_id=" + id, null));
    assertThat(first.path("settings").path("tasks")).hasSize(100);
    String token = first.path("next_page_token").asText();
    assertThat(token).isNotEmpty();
    JsonNode second =
        assertOk(
            server.call("GET", "/api/2.2/jobs/get?job_id=" + id + "&page_token=" + token, null));
    assertThat(second.path("settings").path("tasks")).hasSize(50);
    assertThat(second.path("settings").path("tasks").get(0).path("task_key").asText())
        .isEqualTo("t100");
    assertThat(second.has("next_page_token")).as("omitted on the last page").isFalse();
    assertThat(
            assertOk(server.call("GET", "/api/2.1/jobs/get?job_id=" + id, null))
                .path("settings")
                .path("tasks"))
        .hasSize(150);
    assertError(
        server.call("GET", "/api/2.2/jobs/get?job_id=" + id + "&page_token=junk", null),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void badSettingsAreRejectedAndNothingIsStored() {
    String cond = "\"condition_task\":{\"op\":\"EQUAL_TO\",\"left\":\"1\",\"right\":\"1\"}";
    Map<String, String> bad =
        Map.of(
            "unknown dependency",
                "[{\"task_key\":\"a\"," + cond + ",\"depends_on\":[{\"task_key\":\"nope\"}]}]",
            "cycle",
                "[{\"task_key\":\"a\","
                    + cond
                    + ",\"depends_on\":[{\"task_key\":\"b\"}]},{\"task_key\":\"b\","
                    + cond
                    + ",\"depends_on\":[{\"task_key\":\"a\"}]}]",
            "duplicate key",
                "[{\"task_key\":\"a\"," + cond + "},{\"task_key\":\"a\"," + cond + "}]",
            "no task type", "[{\"task_key\":\"a\"}]",
            "two compute",
                "[{\"task_key\":\"a\",\"existing_cluster_id\":\"x\",\"job_cluster_key\":\"j\",\"notebook_task\":{\"notebook_path\":\"/n\"}}]",
            "unknown cluster",
                "[{\"task_key\":\"a\",\"existing_cluster_id\":\"0000-000000-nothere\",\"notebook_task\":{\"notebook_path\":\"/n\"}}]",
            "unknown job cluster",
                "[{\"task_key\":\"a\",\"job_cluster_key\":\"j\",\"notebook_task\":{\"notebook_path\":\"/n\"}}]",
            "no cluster", "[{\"task_key\":\"a\",\"notebook_task\":{\"notebook_path\":\"/n\"}}]",
            "bad key", "[{\"task_key\":\"a b\"," + cond + "}]",
            "bad op",
                "[{\"task_key\":\"a\",\"condition_task\":{\"op\":\"SORT_OF\",\"left\":\"1\",\"right\":\"1\"}}]");
    String name = "bad-" + UUID.randomUUID();
    bad.forEach(
        (why, tasks) ->
            assertThat(
                    assertError(
                        server.call(
                            "POST",
                            "/api/2.2/jobs/create",
                            "{\"name\":\"" + name + "\",\"tasks\":" + tasks + "}"),
                        400,
                        "INVALID_PARAMETER_VALUE"))
                .as(why)
                .isNotBlank());
    assertThat(w.jobs().list(new ListJobsRequest().setName(name))).isEmpty();
    assertError(
        server.call("POST", "/api/2.2/jobs/create", "{\"max_concurrent_runs\":-1}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.2/jobs/create", "{\"tasks\":\"nope\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(server.call("POST", "/api/2.2/jobs/create", "[1]"), 400, "MALFORMED_REQUEST");
    assertError(
        server.call("POST", "/api/2.2/jobs/reset", "{\"job_id\":1}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "POST",
            "/api/2.2/jobs/update",
            "{\"job_id\":" + create("u", ok("a")) + ",\"fields_to_remove\":[\"tasks/a/b\"]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(server.call("POST", "/api/2.2/jobs/run-now", "{}"), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void theSingleTaskFormatOf20BecomesOneTaskAndComesBackAsItWasWritten() {
    String spec =
        "{\"spark_version\":\"1.0.x-scala2.13\",\"node_type_id\":\"kiln-1c-2g\",\"num_workers\":0}";
    long id =
        assertOk(
                server.call(
                    "POST",
                    "/api/2.0/jobs/create",
                    "{\"name\":\"legacy job\",\"new_cluster\":"
                        + spec
                        + ",\"notebook_task\":{\"notebook_path\":\"/Shared/nb\"},\"max_retries\":2}"))
            .get("job_id")
            .asLong();
    JsonNode v20 =
        assertOk(server.call("GET", "/api/2.0/jobs/get?job_id=" + id, null)).get("settings");
    assertThat(v20.path("format").asText()).isEqualTo("SINGLE_TASK");
    assertThat(v20.path("notebook_task").path("notebook_path").asText()).isEqualTo("/Shared/nb");
    assertThat(v20.path("max_retries").asInt()).isEqualTo(2);
    assertThat(v20.has("tasks")).isFalse();
    JobSettings v22 = w.jobs().get(id).getSettings();
    assertThat(v22.getTasks()).hasSize(1);
    assertThat(List.copyOf(v22.getTasks()).get(0).getTaskKey()).isEqualTo("legacy_job");
    assertThat(List.copyOf(v22.getTasks()).get(0).getNotebookTask().getNotebookPath())
        .isEqualTo("/Shared/nb");
    assertThat(List.copyOf(v22.getTasks()).get(0).getMaxRetries()).isEqualTo(2L);
  }

  // ---- runs

  @Test
  void aConditionDagRunsItsBranchesAndSucceeds() {
    long id =
        w.jobs()
            .create(
                new CreateJob()
                    .setName("branches")
                    .setTasks(
                        List.of(
                            condition("check", "10", ConditionTaskOp.GREATER_THAN, "9.5"),
                            ok("when_true").setDependsOn(List.of(dep("check", "true"))),
                            ok("when_false").setDependsOn(List.of(dep("check", "false"))),
                            condition("text", "abc", ConditionTaskOp.LESS_THAN, "abd"))))
            .getJobId();
    Run run = awaitEnd(w, runNow(id), RUN);
    assertThat(run.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.TERMINATED);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(run.getStatus().getState()).isEqualTo(RunLifecycleStateV2State.TERMINATED);
    assertThat(run.getStatus().getTerminationDetails().getCode())
        .isEqualTo(TerminationCodeCode.SUCCESS);
    assertThat(task(run, "when_true").getState().getResultState())
        .isEqualTo(RunResultState.SUCCESS);
    assertThat(task(run, "when_false").getState().getResultState())
        .isEqualTo(RunResultState.EXCLUDED);
    assertThat(run.getRunPageUrl())
        .isEqualTo(server.url() + "/#job/" + id + "/run/" + run.getRunId());
    assertThat(run.getNumberInJob()).isEqualTo(run.getRunId());
    assertThat(run.getEndTime()).isGreaterThanOrEqualTo(run.getStartTime());
    assertThat(run.getTasks())
        .allSatisfy(t -> assertThat(t.getRunId()).isNotEqualTo(run.getRunId()));
  }

  @Test
  void everyRunIfDecidesOnAFailedAndASucceededDependency() {
    long id =
        create(
            "run-if",
            ok("good"),
            runJob("bad", goneJob),
            after(ok("all_success"), "good", "bad").setRunIf(RunIf.ALL_SUCCESS),
            after(ok("one_success"), "good", "bad").setRunIf(RunIf.AT_LEAST_ONE_SUCCESS),
            after(ok("none_failed"), "good", "bad").setRunIf(RunIf.NONE_FAILED),
            after(ok("all_done"), "good", "bad").setRunIf(RunIf.ALL_DONE),
            after(ok("one_failed"), "good", "bad").setRunIf(RunIf.AT_LEAST_ONE_FAILED),
            after(ok("all_failed"), "good", "bad").setRunIf(RunIf.ALL_FAILED),
            after(ok("only_bad_failed"), "bad").setRunIf(RunIf.ALL_FAILED),
            after(ok("downstream"), "all_success"));
    Run run = awaitEnd(w, runNow(id), RUN);
    Map<String, RunResultState> expected =
        Map.of(
            "all_success", RunResultState.UPSTREAM_FAILED,
            "one_success", RunResultState.SUCCESS,
            "none_failed", RunResultState.UPSTREAM_FAILED,
            "all_done", RunResultState.SUCCESS,
            "one_failed", RunResultState.SUCCESS,
            "all_failed", RunResultState.EXCLUDED,
            "only_bad_failed", RunResultState.SUCCESS,
            "downstream", RunResultState.UPSTREAM_FAILED);
    expected.forEach(
        (key, result) ->
            assertThat(task(run, key).getState().getResultState()).as(key).isEqualTo(result));
    RunTask bad = task(run, "bad");
    assertThat(bad.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.INTERNAL_ERROR);
    assertThat(run.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.INTERNAL_ERROR);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(run.getState().getStateMessage())
        .isEqualTo("Task bad failed with message: " + bad.getState().getStateMessage());
    assertThat(run.getStatus().getTerminationDetails().getCode()).isNotNull();
  }

  @Test
  void aFailureCaughtByALeafErrorHandlerEndsSuccessWithFailures() {
    long id =
        create(
            "handled",
            runJob("bad", goneJob),
            after(ok("handler"), "bad").setRunIf(RunIf.AT_LEAST_ONE_FAILED));
    Run run = awaitEnd(w, runNow(id), RUN);
    assertThat(run.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.TERMINATED);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS_WITH_FAILURES);
    assertThat(run.getStatus().getTerminationDetails().getCode())
        .isEqualTo(TerminationCodeCode.SUCCESS_WITH_FAILURES);
  }

  @Test
  void aFailingTaskIsRetriedAsNewTaskRunsWithGrowingAttemptNumbers() {
    long id =
        create("retries", runJob("bad", goneJob).setMaxRetries(2L).setMinRetryIntervalMillis(300L));
    Run run = awaitEnd(w, runNow(id), RUN);
    List<RunTask> attempts = List.copyOf(run.getTasks());
    assertThat(attempts).extracting(RunTask::getAttemptNumber).containsExactly(0L, 1L, 2L);
    assertThat(attempts).extracting(RunTask::getRunId).doesNotHaveDuplicates();
    assertThat(attempts.get(1).getStartTime() - attempts.get(0).getEndTime())
        .isGreaterThanOrEqualTo(300L);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
  }

  @Test
  void runsQueueBehindMaxConcurrentRunsOrAreSkippedWithoutQueueing() {
    long queued =
        w.jobs()
            .create(
                new CreateJob()
                    .setName("queued")
                    .setQueue(new QueueSettings().setEnabled(true))
                    .setTasks(List.of(runJob("wait", neverStartingJob))))
            .getJobId();
    long first = runNow(queued);
    awaitState(w, first, RunLifeCycleState.RUNNING, RUN);
    long second = runNow(queued);
    Run waiting = awaitState(w, second, RunLifeCycleState.QUEUED, RUN);
    Run q = w.jobs().getRun(second);
    assertThat(q.getStatus().getState()).isEqualTo(RunLifecycleStateV2State.QUEUED);
    assertThat(q.getStatus().getQueueDetails().getCode())
        .isEqualTo(QueueDetailsCodeCode.MAX_CONCURRENT_RUNS_REACHED);
    assertThat(q.getState().getQueueReason()).contains("maximum concurrent runs of 1");
    assertThat(waiting.getQueueDuration()).isGreaterThanOrEqualTo(0L);
    w.jobs().cancelRun(first);
    Run canceled = awaitEnd(w, first, RUN);
    assertThat(canceled.getState().getResultState()).isEqualTo(RunResultState.CANCELED);
    assertThat(canceled.getState().getUserCancelledOrTimedout()).isTrue();
    awaitState(w, second, RunLifeCycleState.RUNNING, RUN);
    w.jobs().cancelAllRuns(new CancelAllRuns().setJobId(queued));
    assertThat(awaitEnd(w, second, RUN).getState().getResultState())
        .isEqualTo(RunResultState.CANCELED);

    long skipping =
        w.jobs()
            .create(
                new CreateJob()
                    .setName("skipping")
                    .setQueue(new QueueSettings().setEnabled(false))
                    .setTasks(List.of(runJob("wait", neverStartingJob))))
            .getJobId();
    long running = runNow(skipping);
    awaitState(w, running, RunLifeCycleState.RUNNING, RUN);
    Run skipped = awaitEnd(w, runNow(skipping), RUN);
    assertThat(skipped.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.SKIPPED);
    assertThat(skipped.getState().getResultState())
        .isEqualTo(RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED);
    assertThat(skipped.getStatus().getTerminationDetails().getCode())
        .isEqualTo(TerminationCodeCode.MAX_CONCURRENT_RUNS_EXCEEDED);
    w.jobs().cancelAllRuns(new CancelAllRuns().setJobId(skipping));
    awaitEnd(w, running, RUN);
    w.jobs().cancelAllRuns(new CancelAllRuns().setAllQueuedRuns(true));
  }

  @Test
  void aTaskOverItsTimeoutEndsTimedOut() {
    long id = create("slow", runJob("wait", neverStartingJob).setTimeoutSeconds(1L));
    Run run = awaitEnd(w, runNow(id), RUN);
    RunTask wait = task(run, "wait");
    assertThat(wait.getState().getResultState()).isEqualTo(RunResultState.TIMEDOUT);
    assertThat(wait.getState().getUserCancelledOrTimedout()).isTrue();
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
  }

  @Test
  void aRunOverItsJobTimeoutEndsTimedOutAndHasNoEndTimeWhileItRuns() {
    long id =
        w.jobs()
            .create(
                new CreateJob()
                    .setName("slow job")
                    .setTimeoutSeconds(2L)
                    .setTasks(List.of(runJob("wait", neverStartingJob))))
            .getJobId();
    long runId = runNow(id);
    Run running = awaitState(w, runId, RunLifeCycleState.RUNNING, RUN);
    assertThat(running.getEndTime()).as("end_time of a running run").isZero();
    Run run = awaitEnd(w, runId, RUN);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.TIMEDOUT);
    assertThat(run.getState().getUserCancelledOrTimedout()).isTrue();
    assertThat(task(run, "wait").getState().getResultState()).isEqualTo(RunResultState.TIMEDOUT);
    assertThat(run.getEndTime()).isGreaterThanOrEqualTo(run.getStartTime() + 2000);
    assertThat(run.getQueueDuration())
        .as("queued only until admitted, not for the whole run")
        .isLessThan(run.getRunDuration());
  }

  @Test
  void activeRunsCannotBeDeletedAndEndedOnesCan() {
    long id = create("deletable", runJob("wait", neverStartingJob));
    long runId = runNow(id);
    awaitState(w, runId, RunLifeCycleState.RUNNING, RUN);
    assertError(
        server.call("POST", "/api/2.2/jobs/runs/delete", "{\"run_id\":" + runId + "}"),
        400,
        "INVALID_STATE");
    w.jobs().cancelRun(runId);
    awaitEnd(w, runId, RUN);
    w.jobs().deleteRun(runId);
    assertThatThrownBy(() -> w.jobs().getRun(runId)).isInstanceOf(ResourceDoesNotExist.class);
    assertError(
        server.call("POST", "/api/2.2/jobs/runs/cancel", "{\"run_id\":" + runId + "}"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        server.call("POST", "/api/2.2/jobs/runs/cancel-all", "{}"), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void repairRerunsTheChosenTasksAndKeepsTheHistory() {
    long id = create("repairable", ok("a"), after(ok("b"), "a"), ok("c"));
    Run original = awaitEnd(w, runNow(id), RUN);
    long repairId =
        w.jobs()
            .repairRun(
                new RepairRun()
                    .setRunId(original.getRunId())
                    .setRerunTasks(List.of("a"))
                    .setRerunDependentTasks(true))
            .getResponse()
            .getRepairId();
    Run repaired = awaitRepaired(original.getRunId());
    assertThat(task(repaired, "a").getRunId()).isNotEqualTo(task(original, "a").getRunId());
    assertThat(task(repaired, "b").getRunId()).isNotEqualTo(task(original, "b").getRunId());
    assertThat(task(repaired, "c").getRunId()).isEqualTo(task(original, "c").getRunId());
    assertThat(repaired.getRepairHistory())
        .extracting(h -> h.getType())
        .containsExactly(RepairHistoryItemType.ORIGINAL, RepairHistoryItemType.REPAIR);
    assertThat(List.copyOf(repaired.getRepairHistory()).get(1).getId()).isEqualTo(repairId);
    assertThat(List.copyOf(repaired.getRepairHistory()).get(1).getTaskRunIds()).hasSize(2);
    assertThat(repaired.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThatThrownBy(
            () ->
                w.jobs()
                    .repairRun(
                        new RepairRun().setRunId(original.getRunId()).setRerunTasks(List.of("a"))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("latest_repair_id");
    assertThatThrownBy(
            () ->
                w.jobs()
                    .repairRun(
                        new RepairRun()
                            .setRunId(original.getRunId())
                            .setLatestRepairId(repairId)
                            .setRerunTasks(List.of("zz"))))
        .isInstanceOf(InvalidParameterValue.class);
  }

  private static Run awaitRepaired(long runId) {
    return org.awaitility.Awaitility.await()
        .atMost(RUN)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> w.jobs().getRun(new GetRunRequest().setRunId(runId).setIncludeHistory(true)),
            r ->
                r.getRepairHistory() != null
                    && r.getRepairHistory().size() == 2
                    && JobsCalls.isTerminal(r.getState().getLifeCycleState()));
  }

  @Test
  void getOutputWantsATaskRunAndExportWantsANotebookTaskRun() {
    long id = create("outputs", ok("a"), ok("b"));
    Run run = awaitEnd(w, runNow(id), RUN);
    assertThat(
            assertError(
                server.call("GET", "/api/2.2/jobs/runs/get-output?run_id=" + run.getRunId(), null),
                400,
                "INVALID_PARAMETER_VALUE"))
        .isEqualTo(
            "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.");
    long taskRunId = task(run, "a").getRunId();
    var output = w.jobs().getRunOutput(taskRunId);
    assertThat(output.getMetadata().getRunId()).isEqualTo(taskRunId);
    assertThat(output.getMetadata().getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(w.jobs().getRun(taskRunId).getTasks()).hasSize(1);
    assertError(
        server.call("GET", "/api/2.2/jobs/runs/export?run_id=" + taskRunId, null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.2/jobs/runs/export?run_id=" + run.getRunId(), null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.2/jobs/runs/get-output?run_id=424242", null),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void submittedRunsNeedNoJobAndAnIdempotencyTokenGivesTheSameRun() {
    long a =
        w.jobs()
            .submit(
                new SubmitRun()
                    .setRunName("once")
                    .setIdempotencyToken("tok-1")
                    .setTasks(
                        List.of(
                            new SubmitTask()
                                .setTaskKey("c")
                                .setConditionTask(ok("c").getConditionTask()))))
            .getResponse()
            .getRunId();
    long b =
        w.jobs()
            .submit(
                new SubmitRun()
                    .setRunName("once")
                    .setIdempotencyToken("tok-1")
                    .setTasks(
                        List.of(
                            new SubmitTask()
                                .setTaskKey("c")
                                .setConditionTask(ok("c").getConditionTask()))))
            .getResponse()
            .getRunId();
    assertThat(b).isEqualTo(a);
    Run run = awaitEnd(w, a, RUN);
    assertThat(run.getRunType()).hasToString("SUBMIT_RUN");
    assertThat(run.getJobId()).isNull();
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertError(
        server.call("POST", "/api/2.2/jobs/runs/submit", "{\"tasks\":[]}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void runsAreListedNewestFirstWithFilters() {
    long id = create("listed", ok("a"));
    long r1 = runNow(id);
    long r2 = runNow(id);
    awaitEnd(w, r1, RUN);
    awaitEnd(w, r2, RUN);
    List<Long> ids =
        StreamSupport.stream(
                w.jobs().listRuns(new ListRunsRequest().setJobId(id).setLimit(1L)).spliterator(),
                false)
            .map(BaseRun::getRunId)
            .toList();
    assertThat(ids).containsExactly(r2, r1);
    JsonNode page =
        assertOk(
            server.call(
                "GET",
                "/api/2.2/jobs/runs/list?job_id=" + id + "&expand_tasks=true&completed_only=true",
                null));
    assertThat(page.path("runs").get(0).path("tasks")).hasSize(1);
    assertThat(page.path("has_more").asBoolean()).isFalse();
    assertError(
        server.call("GET", "/api/2.2/jobs/runs/list?active_only=true&completed_only=true", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.2/jobs/runs/list?run_type=NOPE", null),
        400,
        "INVALID_PARAMETER_VALUE");
  }
}
