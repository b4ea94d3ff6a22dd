package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.TerminationCodeCode;

/**
 * One attempt of one task, as stored. Rows are written when the run is created (or a retry or
 * repair is decided), before anything starts.
 *
 * @param repairId the repair that made this row; 0 for the original run
 * @param notBefore the earliest time it may start (a retry waits for its interval)
 * @param startTime when the task began (setting up its cluster included); null before
 * @param execStartTime when its work began on the cluster
 * @param progress the runner's JSON position on its cluster, to re-attach after a restart
 * @param outcome "true"/"false" of a condition task
 * @param taskValues JSON object of the values the task set with {@code dbutils.jobs.taskValues}
 * @param output JSON of the {@link TaskOutput}
 */
public record TaskRunRow(
    long runId,
    long jobRunId,
    String taskKey,
    long repairId,
    int attemptNumber,
    RunLifeCycleState lifeCycleState,
    RunResultState resultState,
    String stateMessage,
    boolean userCancelled,
    TerminationCodeCode terminationCode,
    long createdTime,
    long notBefore,
    Long startTime,
    Long execStartTime,
    Long endTime,
    String clusterId,
    Long sparkContextId,
    String progress,
    StopReason cancelRequested,
    String outcome,
    String taskValues,
    String output,
    long version) {

  public boolean isTerminal() {
    return lifeCycleState.isTerminal();
  }

  /** Whether it ended in a way that counts as a failure of the task (retries, roll-up). */
  public boolean failed() {
    return lifeCycleState == RunLifeCycleState.INTERNAL_ERROR
        || resultState == RunResultState.FAILED
        || resultState == RunResultState.TIMEDOUT;
  }
}
