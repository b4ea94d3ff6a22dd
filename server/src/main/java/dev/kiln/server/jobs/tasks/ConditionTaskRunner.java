package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.ConditionTask;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import java.util.Map;

/** A condition task: no cluster; its outcome ("true"/"false") steers {@code depends_on}. */
public final class ConditionTaskRunner implements TaskRunner {
  @Override
  public TaskResult run(TaskContext ctx) {
    ctx.markRunning();
    ConditionTask c = ctx.task().conditionTask();
    boolean outcome =
        ConditionEvaluator.evaluate(c.op(), ctx.resolve(c.left()), ctx.resolve(c.right()));
    return new TaskResult(RunEnd.success(), Boolean.toString(outcome), Map.of(), TaskOutput.none());
  }
}
