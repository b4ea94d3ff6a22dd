package dev.kiln.server.jobs.settings;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Jobs in the metadata store. */
@RegisterConstructorMapper(JobRow.class)
public interface JobDao {
  @SqlUpdate(
      "INSERT INTO jobs (name, settings, creator_user_name, created_time, version)"
          + " VALUES (:name, :settings, :creator, :created, 0)")
  @GetGeneratedKeys("job_id")
  long insert(
      @Bind("name") String name,
      @Bind("settings") String settings,
      @Bind("creator") String creator,
      @Bind("created") long created);

  /** Replaces the settings if the job is still at {@code version}; false when it changed. */
  @SqlUpdate(
      "UPDATE jobs SET name = :name, settings = :settings, version = version + 1"
          + " WHERE job_id = :id AND version = :version")
  boolean update(
      @Bind("id") long id,
      @Bind("name") String name,
      @Bind("settings") String settings,
      @Bind("version") long version);

  @SqlQuery("SELECT * FROM jobs WHERE job_id = :id")
  Optional<JobRow> byId(@Bind("id") long id);

  /** The job, or the Jobs API's answer for a job that does not exist. */
  default JobRow existing(long id) {
    return byId(id).orElseThrow(() -> notFound(id));
  }

  static ApiException notFound(long jobId) {
    return new ApiException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Job " + jobId + " does not exist.");
  }

  @SqlQuery("SELECT * FROM jobs ORDER BY job_id LIMIT :limit OFFSET :offset")
  List<JobRow> page(@Bind("offset") long offset, @Bind("limit") int limit);

  @SqlQuery("SELECT * FROM jobs WHERE name = :name ORDER BY job_id LIMIT :limit OFFSET :offset")
  List<JobRow> pageNamed(
      @Bind("name") String name, @Bind("offset") long offset, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM jobs WHERE job_id = :id")
  int delete(@Bind("id") long id);
}
