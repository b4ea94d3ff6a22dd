package dev.kiln.server.jobs;

import dev.kiln.model.jobs.ConditionTask;
import java.util.Map;

/** A condition task: no cluster; its outcome ("true"/"false") steers {@code depends_on}. */
final class ConditionTaskRunner implements TaskRunner {
  @Override
  public TaskResult run(TaskContext ctx) {
    ctx.markRunning();
    ConditionTask c = ctx.task().conditionTask();
    boolean outcome =
        ConditionEvaluator.evaluate(c.op(), ctx.resolve(c.left()), ctx.resolve(c.right()));
    return new TaskResult(RunEnd.success(), Boolean.toString(outcome), Map.of(), TaskOutput.none());
  }
}
