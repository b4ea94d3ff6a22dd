package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.Run;
import dev.kiln.server.jobs.settings.PageToken;
import java.util.List;

/**
 * 2.2 paging of runs/get: {@code tasks}, {@code job_clusters}, {@code job_parameters} and {@code
 * repair_history} 100 at a time; {@code next_page_token} only while an array has more.
 */
final class RunPages {
  private RunPages() {}

  static Run page(Run run, String pageToken) {
    long page = pageToken == null || pageToken.isEmpty() ? 0 : PageToken.offset(pageToken);
    boolean more =
        more(run.tasks(), page)
            || more(run.jobClusters(), page)
            || more(run.jobParameters(), page)
            || more(run.repairHistory(), page);
    return new Run(
        run.jobId(),
        run.runId(),
        run.numberInJob(),
        run.originalAttemptRunId(),
        run.attemptNumber(),
        run.runName(),
        run.runType(),
        run.runPageUrl(),
        run.creatorUserName(),
        run.state(),
        run.status(),
        run.startTime(),
        run.endTime(),
        run.setupDuration(),
        run.executionDuration(),
        run.cleanupDuration(),
        run.runDuration(),
        run.queueDuration(),
        run.trigger(),
        run.triggerInfo(),
        slice(run.tasks(), page),
        slice(run.jobClusters(), page),
        slice(run.jobParameters(), page),
        run.overridingParameters(),
        run.clusterSpec(),
        run.clusterInstance(),
        run.schedule(),
        run.gitSource(),
        slice(run.repairHistory(), page),
        run.description(),
        run.jobRunId(),
        more ? true : null,
        more ? PageToken.of(page + 1) : null);
  }

  private static boolean more(List<?> list, long page) {
    return list != null && list.size() > (page + 1) * PageToken.ARRAY_PAGE;
  }

  private static <T> List<T> slice(List<T> list, long page) {
    if (list == null) {
      return null;
    }
    long from = Math.min(list.size(), page * PageToken.ARRAY_PAGE);
    long to = Math.min(list.size(), from + PageToken.ARRAY_PAGE);
    return list.subList((int) from, (int) to);
  }
}
