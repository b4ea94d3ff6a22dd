package dev.kiln.server.jobs.tasks;

import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import java.util.Map;

/**
 * What a task runner hands back when its attempt ends: the end state, a condition's outcome, the
 * task values it set and its output.
 */
public record TaskResult(
    RunEnd end, String outcome, Map<String, Object> taskValues, TaskOutput output) {

  static TaskResult of(RunEnd end, TaskOutput output) {
    return new TaskResult(end, null, Map.of(), output);
  }

  static TaskResult internalError(dev.kiln.model.jobs.TerminationCodeCode code, String message) {
    return of(RunEnd.internalError(code, message), TaskOutput.error(message, null));
  }
}
