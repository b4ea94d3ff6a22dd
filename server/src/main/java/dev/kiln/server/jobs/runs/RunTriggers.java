package dev.kiln.server.jobs.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.JobParameter;
import dev.kiln.model.jobs.JobParameterDefinition;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RunJobTask;
import dev.kiln.model.jobs.RunNowRequest;
import dev.kiln.model.jobs.RunNowResponse;
import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.SubmitRunRequest;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TriggerType;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.jobs.schedule.ScheduledRuns;
import dev.kiln.server.jobs.settings.JobDao;
import dev.kiln.server.jobs.settings.JobRow;
import dev.kiln.server.jobs.settings.JobValidator;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.SettingsJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that starts a run: run-now, runs/submit, a schedule's due time and a run-job task.
 * Each records the run (and its task runs) in one transaction and wakes the engine.
 */
public final class RunTriggers implements ScheduledRuns {
  private static final Logger LOG = LoggerFactory.getLogger(RunTriggers.class);

  private final Jdbi jdbi;
  private final JobDao jobs;
  private final JobValidator validator;
  private final RunRecorder recorder;
  private final Runnable wakeEngine;

  public RunTriggers(Jdbi jdbi, JobValidator validator, RunRecorder recorder, Runnable wakeEngine) {
    this.jdbi = jdbi;
    this.jobs = jdbi.onDemand(JobDao.class);
    this.validator = validator;
    this.recorder = recorder;
    this.wakeEngine = wakeEngine;
  }

  public RunNowResponse runNow(Principal who, RunNowRequest req) {
    long jobId = ApiException.required(req.jobId(), "job_id");
    JobRow job = jobs.existing(jobId);
    JobSettings settings = job.parsed();
    if (req.only() != null) {
      Set<String> keys = new HashSet<>();
      settings.tasksOrEmpty().forEach(t -> keys.add(t.taskKey()));
      for (String key : req.only()) {
        if (!keys.contains(key)) {
          throw ApiException.invalid("Task " + key + " given in 'only' does not exist in the job");
        }
      }
    }
    ObjectNode snapshot = JobsJson.tree(job.settings());
    if (req.queue() != null && req.queue().enabled() != null) {
      snapshot.putObject("queue").put("enabled", req.queue().enabled());
    }
    NewRun run =
        new NewRun(
            jobId,
            settings.name(),
            RunType.JOB_RUN,
            TriggerType.ONE_TIME,
            null,
            who.userName(),
            snapshot,
            req.overriding(),
            jobParameters(settings, req.jobParameters()),
            req.only(),
            null,
            idempotencyKey(who.userName(), req.idempotencyToken()));
    long runId = record(run);
    return new RunNowResponse(runId, runId);
  }

  /** runs/submit: the body (multi-task, or 2.0 single-task) becomes a run without a job. */
  public long submit(Principal who, ObjectNode body) {
    return submit(who.userName(), body, RunType.SUBMIT_RUN);
  }

  /**
   * The child run of {@code dbutils.notebook.run}: a submitted run, recorded as a {@code
   * WORKFLOW_RUN} of the calling command's user.
   */
  long submitWorkflow(String user, ObjectNode body) {
    return submit(user, body, RunType.WORKFLOW_RUN);
  }

  private long submit(String user, ObjectNode body, RunType runType) {
    ObjectNode raw = body.deepCopy();
    raw.remove("access_control_list");
    if (SettingsJson.isSingleTask(raw)) {
      raw.put("name", raw.path("run_name").asText("Untitled"));
      raw = SettingsJson.normalize(raw, false);
      raw.put("format", "SINGLE_TASK");
    }
    SubmitRunRequest req = JobsJson.convert(raw, SubmitRunRequest.class, "runs/submit request");
    List<Task> tasks = req.tasks() == null ? List.of() : req.tasks();
    if (tasks.isEmpty()) {
      throw ApiException.invalid("A run needs at least one task");
    }
    validator.validateTasks(tasks, Set.of());
    ObjectNode settings = JobsJson.MAPPER.createObjectNode();
    String name = req.runName() == null || req.runName().isEmpty() ? "Untitled" : req.runName();
    settings.put("name", name);
    settings.set("tasks", raw.get("tasks"));
    settings.put("timeout_seconds", req.timeoutSeconds() == null ? 0 : req.timeoutSeconds());
    settings.put("max_concurrent_runs", 1000);
    settings.put("format", raw.path("format").asText("MULTI_TASK"));
    for (String kept : List.of("git_source", "environments", "queue", "run_as", "health")) {
      if (raw.has(kept)) {
        settings.set(kept, raw.get(kept));
      }
    }
    boolean git = raw.has("git_source");
    settings.withArray("tasks").forEach(t -> SettingsJson.normalizeTask(t, git));
    NewRun run =
        new NewRun(
            null,
            name,
            runType,
            TriggerType.ONE_TIME,
            null,
            user,
            settings,
            null,
            null,
            null,
            null,
            idempotencyKey(user, req.idempotencyToken()));
    return record(run);
  }

  /** A schedule's due time: one PERIODIC run, however often it is called for the same time. */
  @Override
  public void fire(long jobId, Instant dueTime) {
    Optional<JobRow> job = jdbi.onDemand(JobDao.class).byId(jobId);
    if (job.isEmpty()) {
      return;
    }
    long due = dueTime.toEpochMilli();
    if (jdbi.onDemand(JobRunDao.class).byDueTime(jobId, due).isPresent()) {
      return;
    }
    JobSettings settings = job.get().parsed();
    NewRun run =
        new NewRun(
            jobId,
            settings.name(),
            RunType.JOB_RUN,
            TriggerType.PERIODIC,
            null,
            job.get().creatorUserName(),
            JobsJson.tree(job.get().settings()),
            null,
            jobParameters(settings, null),
            null,
            due,
            null);
    try {
      record(run);
    } catch (UnableToExecuteStatementException e) {
      if (jdbi.onDemand(JobRunDao.class).byDueTime(jobId, due).isEmpty()) {
        throw e;
      }
      LOG.debug("Run of job {} due at {} was recorded concurrently", jobId, dueTime);
    }
  }

  /**
   * The child run of a run-job task, once per task run: the task run's id is the idempotency key,
   * so a runner resumed after a crash finds the run it started.
   */
  public long startChild(long taskRunId, String creator, RunJobTask task) {
    JobRow job = jobs.existing(task.jobId());
    JobSettings settings = job.parsed();
    RunParameters overriding =
        new RunParameters(
            task.notebookParams(),
            task.pythonParams(),
            task.jarParams(),
            task.sparkSubmitParams(),
            task.sqlParams(),
            task.pythonNamedParams(),
            task.pipelineParams(),
            task.dbtCommands());
    NewRun run =
        new NewRun(
            job.jobId(),
            settings.name(),
            RunType.JOB_RUN,
            TriggerType.RUN_JOB_TASK,
            taskRunId,
            creator,
            JobsJson.tree(job.settings()),
            overriding,
            jobParameters(settings, task.jobParameters()),
            null,
            null,
            "task-run/" + taskRunId);
    return record(run);
  }

  private long record(NewRun run) {
    if (run.idempotencyKey() != null) {
      Optional<JobRunRow> existing =
          jdbi.onDemand(JobRunDao.class).byIdempotencyKey(run.idempotencyKey());
      if (existing.isPresent()) {
        return existing.get().runId();
      }
    }
    long runId;
    try {
      runId = jdbi.inTransaction(h -> recorder.record(h, run));
    } catch (UnableToExecuteStatementException e) {
      if (run.idempotencyKey() == null) {
        throw e;
      }
      runId =
          jdbi.onDemand(JobRunDao.class)
              .byIdempotencyKey(run.idempotencyKey())
              .orElseThrow(() -> e)
              .runId();
    }
    wakeEngine.run();
    return runId;
  }

  /** The job's parameters with their defaults, overridden by the given values. */
  static List<JobParameter> jobParameters(JobSettings settings, Map<String, String> values) {
    Map<String, String> given = values == null ? Map.of() : values;
    Map<String, JobParameterDefinition> defined = new LinkedHashMap<>();
    settings.parametersOrEmpty().forEach(p -> defined.put(p.name(), p));
    for (String name : given.keySet()) {
      if (!defined.containsKey(name)) {
        throw ApiException.invalid("Job parameter " + name + " is not defined in the job");
      }
    }
    List<JobParameter> params = new ArrayList<>();
    defined.forEach(
        (name, p) ->
            params.add(
                new JobParameter(
                    name, p.defaultValue(), given.getOrDefault(name, p.defaultValue()))));
    return params;
  }

  private static String idempotencyKey(String user, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    if (token.length() > 64) {
      throw ApiException.invalid("idempotency_token must be at most 64 characters");
    }
    return user + "/" + token;
  }
}
