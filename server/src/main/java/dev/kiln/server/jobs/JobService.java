package dev.kiln.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.CronSchedule;
import dev.kiln.model.jobs.Job;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.ListJobsResponse;
import dev.kiln.model.jobs.PauseStatus;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.jobs.runs.JobRunDao;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.schedule.JobSchedules;
import dev.kiln.server.jobs.settings.ApiVersion;
import dev.kiln.server.jobs.settings.JobDao;
import dev.kiln.server.jobs.settings.JobRow;
import dev.kiln.server.jobs.settings.JobValidator;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.PageToken;
import dev.kiln.server.jobs.settings.SettingsJson;
import dev.kiln.server.jobs.settings.SettingsUpdate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The job operations of the Jobs API: settings are normalized, validated and stored with their
 * schedule in one transaction. Deleting a job stops its active runs.
 */
public final class JobService {
  private static final List<String> PAGED_ARRAYS =
      List.of("tasks", "job_clusters", "parameters", "environments");

  private final Jdbi jdbi;
  private final JobValidator validator;
  private final JobSchedules schedules;
  private final Clock clock;
  private final Runnable wakeEngine;

  public JobService(
      Jdbi jdbi, JobValidator validator, JobSchedules schedules, Clock clock, Runnable wakeEngine) {
    this.jdbi = jdbi;
    this.validator = validator;
    this.schedules = schedules;
    this.clock = clock;
    this.wakeEngine = wakeEngine;
  }

  public long create(Principal who, ObjectNode body, ApiVersion version) {
    body.remove("access_control_list");
    ObjectNode settings = checked(body, version.queuesByDefault());
    return jdbi.inTransaction(
        h -> {
          long id =
              h.attach(JobDao.class)
                  .insert(
                      settings.path("name").asText(),
                      JobsJson.write(settings),
                      who.userName(),
                      clock.millis());
          schedule(h, id, settings);
          return id;
        });
  }

  /** {@code jobs/reset}: the whole settings replaced. */
  public void reset(long jobId, JsonNode newSettings, ApiVersion version) {
    if (!(newSettings instanceof ObjectNode raw)) {
      throw ApiException.invalid("Missing required field: new_settings");
    }
    change(jobId, stored -> checked(raw, queueDefault(stored)));
  }

  /** {@code jobs/update}: fields replaced, keyed arrays merged, {@code fields_to_remove} gone. */
  public void update(long jobId, JsonNode patch, List<String> fieldsToRemove) {
    change(
        jobId,
        stored -> {
          boolean single = "SINGLE_TASK".equals(stored.path("format").asText());
          ObjectNode base = single ? SettingsJson.toSingleTaskView(stored) : stored;
          base.remove("format");
          ObjectNode merged = SettingsUpdate.apply(base, patch, fieldsToRemove);
          return checked(merged, queueDefault(stored));
        });
  }

  public void delete(long jobId) {
    jdbi.useTransaction(
        h -> {
          if (h.attach(JobDao.class).delete(jobId) == 0) {
            throw JobDao.notFound(jobId);
          }
          schedules.remove(h, jobId);
          JobRunDao runs = h.attach(JobRunDao.class);
          runs.unfinishedOf(jobId).forEach(r -> runs.requestStop(r.runId(), StopReason.USER));
        });
    wakeEngine.run();
  }

  public JobRow existing(long jobId) {
    return jdbi.onDemand(JobDao.class).existing(jobId);
  }

  /** {@code jobs/get}; on 2.2 the arrays come 100 at a time. */
  public Job get(long jobId, String pageToken, ApiVersion version) {
    JobRow row = existing(jobId);
    ObjectNode settings = JobsJson.tree(row.settings());
    String next = null;
    if (version.pagesArrays()) {
      long page = pageToken == null || pageToken.isEmpty() ? 0 : PageToken.offset(pageToken);
      boolean more = pageArrays(settings, page);
      next = more ? PageToken.of(page + 1) : null;
    }
    if (version.singleTaskView()) {
      settings = SettingsJson.toSingleTaskView(settings);
    }
    return new Job(
        row.jobId(),
        row.creatorUserName(),
        row.creatorUserName(),
        row.createdTime(),
        settings,
        next == null ? null : true,
        next,
        null);
  }

  /** {@code jobs/list}: by job id, {@code limit} 1..100 (default 20). */
  public ListJobsResponse list(
      Long offsetParam,
      Long limitParam,
      String pageToken,
      boolean expandTasks,
      String name,
      ApiVersion version) {
    // Compared as sent: cut to an int first, 999999999999 would pass as -727379969.
    long limitValue = limitParam == null || limitParam == 0 ? 20 : limitParam;
    if (limitValue < 1 || limitValue > 100) {
      throw ApiException.invalid("limit must be between 1 and 100, got " + limitValue);
    }
    int limit = (int) limitValue;
    long offset =
        pageToken != null && !pageToken.isEmpty()
            ? PageToken.offset(pageToken)
            : offsetParam == null ? 0 : offsetParam;
    if (offset < 0) {
      throw ApiException.invalid("offset must not be negative");
    }
    JobDao dao = jdbi.onDemand(JobDao.class);
    List<JobRow> rows =
        name == null || name.isEmpty()
            ? dao.page(offset, limit + 1)
            : dao.pageNamed(name, offset, limit + 1);
    boolean hasMore = rows.size() > limit;
    List<Job> jobs = new ArrayList<>();
    for (JobRow row : rows.subList(0, Math.min(limit, rows.size()))) {
      ObjectNode settings = JobsJson.tree(row.settings());
      Boolean more = null;
      if (expandTasks) {
        more = pageArrays(settings, 0);
      } else {
        settings.remove("tasks");
        settings.remove("job_clusters");
      }
      if (version.singleTaskView()) {
        settings = SettingsJson.toSingleTaskView(settings);
      }
      jobs.add(
          new Job(
              row.jobId(),
              row.creatorUserName(),
              null,
              row.createdTime(),
              settings,
              more,
              null,
              null));
    }
    return new ListJobsResponse(
        jobs,
        hasMore,
        hasMore ? PageToken.of(offset + limit) : null,
        offset > 0 ? PageToken.of(Math.max(0, offset - limit)) : null);
  }

  /** Cuts each array to page {@code page} of 100; true when any has more after it. */
  private static boolean pageArrays(ObjectNode settings, long page) {
    boolean more = false;
    for (String field : PAGED_ARRAYS) {
      if (settings.get(field) instanceof ArrayNode array) {
        ArrayNode cut = settings.putArray(field);
        long from = page * PageToken.ARRAY_PAGE;
        for (long i = from; i < Math.min(array.size(), from + PageToken.ARRAY_PAGE); i++) {
          cut.add(array.get((int) i));
        }
        more |= array.size() > from + PageToken.ARRAY_PAGE;
      }
    }
    return more;
  }

  private ObjectNode checked(ObjectNode raw, boolean queueByDefault) {
    ObjectNode settings = SettingsJson.normalize(raw, queueByDefault);
    JobSettings typed = JobsJson.convert(settings, JobSettings.class, "job settings");
    validator.validate(typed);
    if (typed.schedule() != null) {
      scheduleOf(typed.schedule());
    }
    return settings;
  }

  /** 2.2 jobs keep queueing on by default through later resets. */
  private static boolean queueDefault(ObjectNode stored) {
    return stored.path("queue").path("enabled").asBoolean(false);
  }

  private void change(long jobId, java.util.function.UnaryOperator<ObjectNode> newSettings) {
    for (int attempt = 0; attempt < 10; attempt++) {
      JobRow row = existing(jobId);
      ObjectNode settings = newSettings.apply(JobsJson.tree(row.settings()));
      boolean done =
          jdbi.inTransaction(
              h -> {
                boolean updated =
                    h.attach(JobDao.class)
                        .update(
                            jobId,
                            settings.path("name").asText(),
                            JobsJson.write(settings),
                            row.version());
                if (updated) {
                  schedule(h, jobId, settings);
                }
                return updated;
              });
      if (done) {
        return;
      }
    }
    throw new ApiException(
        ErrorCode.TEMPORARILY_UNAVAILABLE, "Job " + jobId + " is changing; try again");
  }

  private void schedule(Handle h, long jobId, ObjectNode settings) {
    JsonNode schedule = settings.get("schedule");
    if (schedule == null || schedule.isNull()) {
      schedules.remove(h, jobId);
    } else {
      schedules.put(
          h, jobId, scheduleOf(JobsJson.convert(schedule, CronSchedule.class, "schedule")));
    }
  }

  private static dev.kiln.server.jobs.schedule.CronSchedule scheduleOf(CronSchedule wire) {
    ApiException.required(wire.quartzCronExpression(), "schedule.quartz_cron_expression");
    ApiException.required(wire.timezoneId(), "schedule.timezone_id");
    return new dev.kiln.server.jobs.schedule.CronSchedule(
        wire.quartzCronExpression(), wire.timezoneId(), wire.pauseStatus() == PauseStatus.PAUSED);
  }
}
