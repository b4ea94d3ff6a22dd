package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RunIf;
import dev.kiln.model.jobs.RunResultState;
import java.util.List;
import java.util.Optional;

/**
 * Whether a task whose dependencies have all ended runs, by its {@code run_if}. A task that does
 * not run is UPSTREAM_FAILED when a failure kept it from running, UPSTREAM_CANCELED when a cancel
 * did, and EXCLUDED when its condition was simply not met (e.g. AT_LEAST_ONE_FAILED after only
 * successes, or a condition task with the other outcome).
 */
public final class RunIfRule {
  private RunIfRule() {}

  /** Empty when the task runs; else the result it is skipped with. */
  public static Optional<RunResultState> decide(RunIf runIf, List<DependencyStatus> deps) {
    if (deps.isEmpty()) {
      return Optional.empty();
    }
    long succeeded = count(deps, DependencyStatus.SUCCEEDED);
    long failed = count(deps, DependencyStatus.FAILED);
    long canceled = count(deps, DependencyStatus.CANCELED);
    long excluded = count(deps, DependencyStatus.EXCLUDED);
    boolean runs =
        switch (runIf == null ? RunIf.ALL_SUCCESS : runIf) {
          case ALL_SUCCESS -> succeeded == deps.size();
          case AT_LEAST_ONE_SUCCESS -> succeeded > 0;
          case NONE_FAILED -> failed == 0 && canceled == 0 && succeeded > 0;
          case ALL_DONE -> excluded < deps.size();
          case AT_LEAST_ONE_FAILED -> failed > 0;
          case ALL_FAILED -> failed == deps.size();
        };
    if (runs) {
      return Optional.empty();
    }
    boolean failureMatters = runIf != RunIf.AT_LEAST_ONE_FAILED && runIf != RunIf.ALL_FAILED;
    if (failed > 0 && failureMatters) {
      return Optional.of(RunResultState.UPSTREAM_FAILED);
    }
    if (canceled > 0) {
      return Optional.of(RunResultState.UPSTREAM_CANCELED);
    }
    return Optional.of(RunResultState.EXCLUDED);
  }

  private static long count(List<DependencyStatus> deps, DependencyStatus status) {
    return deps.stream().filter(d -> d == status).count();
  }
}
