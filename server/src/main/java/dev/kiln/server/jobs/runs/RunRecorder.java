package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.Task;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.TaskGraph;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Writes a new run, QUEUED, with one PENDING task run per task it will execute, in the caller's
 * transaction: the run exists in the store before anything of it starts.
 */
public final class RunRecorder {
  private final Clock clock;

  public RunRecorder(Clock clock) {
    this.clock = clock;
  }

  long record(Handle h, NewRun run) {
    long now = clock.millis();
    long runId = RunIds.next(h, RunIds.RUN);
    h.attach(JobRunDao.class)
        .insert(
            new JobRunRow(
                runId,
                run.jobId(),
                run.runName(),
                run.runType(),
                run.trigger(),
                run.triggerRunId(),
                run.creator(),
                JobsJson.write(run.settings()),
                run.overriding() == null ? null : JobsJson.write(run.overriding()),
                run.jobParameters() == null ? null : JobsJson.write(run.jobParameters()),
                RunLifeCycleState.QUEUED,
                null,
                "",
                false,
                null,
                null,
                null,
                now,
                null,
                null,
                run.scheduledTime(),
                run.idempotencyKey(),
                null,
                0,
                0));
    JobSettings settings = JobsJson.read(JobsJson.write(run.settings()), JobSettings.class);
    Set<String> only = run.onlyTasks() == null ? null : new HashSet<>(run.onlyTasks());
    for (Task task : TaskGraph.of(settings.tasksOrEmpty()).order()) {
      if (only == null || only.contains(task.taskKey())) {
        insertTaskRun(h, runId, task.taskKey(), 0, 0, RunLifeCycleState.PENDING, now, now);
      }
    }
    return runId;
  }

  public static long insertTaskRun(
      Handle h,
      long jobRunId,
      String taskKey,
      long repairId,
      int attempt,
      RunLifeCycleState state,
      long createdTime,
      long notBefore) {
    long id = RunIds.next(h, RunIds.TASK);
    h.attach(TaskRunDao.class)
        .insert(
            new TaskRunRow(
                id,
                jobRunId,
                taskKey,
                repairId,
                attempt,
                state,
                null,
                "",
                false,
                null,
                createdTime,
                notBefore,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0));
    return id;
  }
}
