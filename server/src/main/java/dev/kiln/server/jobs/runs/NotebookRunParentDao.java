package dev.kiln.server.jobs.runs;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Which job task run started each child run of {@code dbutils.notebook.run}. */
@RegisterConstructorMapper(NotebookRunParentDao.Link.class)
public interface NotebookRunParentDao {
  /** A child run ({@code runId}) and the task run of {@code parentRunId} that started it. */
  record Link(long runId, long parentRunId, long parentTaskRunId, String parentTaskKey) {}

  @SqlUpdate(
      "INSERT INTO notebook_run_parents (run_id, parent_run_id, parent_task_run_id,"
          + " parent_task_key) VALUES (:runId, :parentRunId, :parentTaskRunId, :parentTaskKey)")
  void insert(@BindMethods Link link);

  @SqlQuery("SELECT * FROM notebook_run_parents WHERE run_id = :id")
  Optional<Link> parentOf(@Bind("id") long childRunId);

  @SqlQuery("SELECT * FROM notebook_run_parents WHERE parent_task_run_id = :id ORDER BY run_id")
  List<Link> childrenOf(@Bind("id") long taskRunId);
}
