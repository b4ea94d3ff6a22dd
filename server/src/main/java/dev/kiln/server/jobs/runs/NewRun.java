package dev.kiln.server.jobs.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.JobParameter;
import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.TriggerType;
import java.util.List;

/**
 * A run to record: what it executes ({@code settings}, the job's or the submitted ones) and why.
 *
 * @param onlyTasks the task keys to run (run-now {@code only}); null for all
 * @param idempotencyKey "user/token", or null
 */
record NewRun(
    Long jobId,
    String runName,
    RunType runType,
    TriggerType trigger,
    Long triggerRunId,
    String creator,
    ObjectNode settings,
    RunParameters overriding,
    List<JobParameter> jobParameters,
    List<String> onlyTasks,
    Long scheduledTime,
    String idempotencyKey) {}
