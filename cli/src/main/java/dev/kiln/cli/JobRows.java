package dev.kiln.cli;

import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.CronSchedule;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.RunTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The text forms of jobs and runs, for tables. */
final class JobRows {
  private JobRows() {}

  static final List<String> JOB_HEADER = List.of("Job ID", "Name", "Schedule", "Creator");
  static final List<String> RUN_HEADER =
      List.of("Run ID", "Job ID", "Name", "State", "Started", "Duration");
  static final List<String> TASK_HEADER = List.of("Task", "Run ID", "State", "Duration");

  static List<String> jobRow(BaseJob job) {
    JobSettings s = job.getSettings();
    return List.of(
        Output.text(job.getJobId()),
        s == null ? "" : Output.text(s.getName()),
        s == null ? "" : schedule(s.getSchedule()),
        Output.text(job.getCreatorUserName()));
  }

  static List<String> runRow(BaseRun run) {
    return List.of(
        Output.text(run.getRunId()),
        Output.text(run.getJobId()),
        Output.text(run.getRunName()),
        state(run.getState()),
        time(run.getStartTime()),
        duration(run.getStartTime(), run.getEndTime(), run.getRunDuration()));
  }

  static List<List<String>> taskRows(List<RunTask> tasks) {
    List<List<String>> rows = new ArrayList<>();
    for (RunTask t : tasks) {
      rows.add(
          List.of(
              Output.text(t.getTaskKey()),
              Output.text(t.getRunId()),
              state(t.getState()),
              duration(t.getStartTime(), t.getEndTime(), t.getRunDuration())));
    }
    return rows;
  }

  /** {@code TERMINATED SUCCESS}, with the state message when there is one. */
  static String state(RunState state) {
    if (state == null) {
      return "UNKNOWN";
    }
    StringBuilder text = new StringBuilder(Output.text(state.getLifeCycleState()));
    if (state.getResultState() != null) {
      text.append(' ').append(state.getResultState());
    }
    String message = state.getStateMessage();
    if (message != null && !message.isBlank()) {
      text.append(" (").append(message).append(')');
    }
    return text.toString();
  }

  static String schedule(CronSchedule schedule) {
    if (schedule == null) {
      return "";
    }
    String text = schedule.getQuartzCronExpression() + " " + schedule.getTimezoneId();
    return schedule.getPauseStatus() == null ? text : text + " (" + schedule.getPauseStatus() + ")";
  }

  static String time(Long epochMillis) {
    return epochMillis == null || epochMillis == 0
        ? ""
        : Instant.ofEpochMilli(epochMillis).toString();
  }

  /** The run's duration: run_duration when given, else end minus start (empty while running). */
  static String duration(Long start, Long end, Long runDuration) {
    if (runDuration != null && runDuration > 0) {
      return Durations.format(Duration.ofMillis(runDuration));
    }
    if (start == null || start == 0 || end == null || end == 0) {
      return "";
    }
    return Durations.format(Duration.ofMillis(end - start));
  }
}
