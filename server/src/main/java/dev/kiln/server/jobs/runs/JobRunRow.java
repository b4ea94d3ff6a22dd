package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.QueueDetailsCodeCode;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.model.jobs.TriggerType;

/**
 * A job run as stored.
 *
 * @param settings the snapshot of the job's settings (multi-task JSON) this run executes
 * @param createdTime when the run was recorded, which is when it entered the queue
 * @param startTime when it left the queue (null while queued)
 * @param cancelRequested null, or why the run is being stopped ({@link StopReason})
 * @param repairId the id of the latest repair, or 0 before any
 */
public record JobRunRow(
    long runId,
    Long jobId,
    String runName,
    RunType runType,
    TriggerType triggerType,
    Long triggerRunId,
    String creatorUserName,
    String settings,
    String overridingParameters,
    String jobParameters,
    RunLifeCycleState lifeCycleState,
    RunResultState resultState,
    String stateMessage,
    boolean userCancelled,
    TerminationCodeCode terminationCode,
    QueueDetailsCodeCode queueCode,
    String queueReason,
    long createdTime,
    Long startTime,
    Long endTime,
    Long scheduledTime,
    String idempotencyKey,
    StopReason cancelRequested,
    long repairId,
    long version) {

  public JobRunRow withUserCancelled(boolean cancelled) {
    return withState(
        lifeCycleState,
        resultState,
        stateMessage,
        cancelled,
        terminationCode,
        queueCode,
        queueReason,
        startTime,
        endTime);
  }

  /** The run still queued, now with why: it waits for {@code code}. */
  public JobRunRow queued(QueueDetailsCodeCode code, String reason) {
    return withState(lifeCycleState, null, "", false, null, code, reason, null, null);
  }

  /** The run with its state fields replaced; what it is and where it came from stay. */
  public JobRunRow withState(
      RunLifeCycleState life,
      RunResultState result,
      String message,
      boolean cancelled,
      TerminationCodeCode code,
      QueueDetailsCodeCode queue,
      String queueWhy,
      Long start,
      Long end) {
    return new JobRunRow(
        runId,
        jobId,
        runName,
        runType,
        triggerType,
        triggerRunId,
        creatorUserName,
        settings,
        overridingParameters,
        jobParameters,
        life,
        result,
        message,
        cancelled,
        code,
        queue,
        queueWhy,
        createdTime,
        start,
        end,
        scheduledTime,
        idempotencyKey,
        cancelRequested,
        repairId,
        version);
  }
}
