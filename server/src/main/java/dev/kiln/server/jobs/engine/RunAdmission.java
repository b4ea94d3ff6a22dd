package dev.kiln.server.jobs.engine;

import dev.kiln.model.jobs.JobSettings;
import dev.kiln.server.jobs.runs.JobRunRow;
import dev.kiln.server.jobs.settings.JobsJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which queued runs start now: oldest first per job, while the job's active runs are below its
 * {@code max_concurrent_runs}. A run that cannot start waits in the queue when queueing is on for
 * it, and is skipped otherwise. Runs without a job (runs/submit) always start. Pure.
 */
final class RunAdmission {
  private RunAdmission() {}

  enum Verdict {
    START,
    WAIT,
    SKIP
  }

  record Decision(JobRunRow run, Verdict verdict, int limit) {}

  /**
   * @param queued the QUEUED runs, oldest first
   * @param active the number of started, unfinished runs per job
   * @param full jobs whose queue is blocked already (their waiting runs need not be in {@code
   *     queued}): their runs in {@code queued} wait or are skipped
   */
  static List<Decision> decide(List<JobRunRow> queued, Map<Long, Integer> active, Set<Long> full) {
    Map<Long, Integer> running = new HashMap<>(active);
    Set<Long> blocked = new HashSet<>(full);
    List<Decision> decisions = new ArrayList<>();
    for (JobRunRow run : queued) {
      JobSettings settings = settingsOf(run);
      int limit = settings.maxConcurrentRunsOrDefault();
      if (run.jobId() == null) {
        decisions.add(new Decision(run, Verdict.START, limit));
        continue;
      }
      long job = run.jobId();
      int now = running.getOrDefault(job, 0);
      if (!blocked.contains(job) && now < limit) {
        running.put(job, now + 1);
        decisions.add(new Decision(run, Verdict.START, limit));
      } else if (settings.queueEnabled()) {
        blocked.add(job);
        decisions.add(new Decision(run, Verdict.WAIT, limit));
      } else {
        decisions.add(new Decision(run, Verdict.SKIP, limit));
      }
    }
    return decisions;
  }

  /** The {@code max_concurrent_runs} of a run's settings. */
  static int limitOf(JobRunRow run) {
    return settingsOf(run).maxConcurrentRunsOrDefault();
  }

  private static JobSettings settingsOf(JobRunRow run) {
    return JobsJson.read(run.settings(), JobSettings.class);
  }
}
