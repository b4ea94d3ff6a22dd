package dev.kiln.server.jobs;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.server.clusters.ClusterService;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.execution.ExecutionService;
import dev.kiln.server.jobs.engine.RunEngine;
import dev.kiln.server.jobs.runs.NotebookWorkflows;
import dev.kiln.server.jobs.runs.RunControl;
import dev.kiln.server.jobs.runs.RunQueries;
import dev.kiln.server.jobs.runs.RunRecorder;
import dev.kiln.server.jobs.runs.RunTriggers;
import dev.kiln.server.jobs.runs.RunViews;
import dev.kiln.server.jobs.runs.TaskRunDao;
import dev.kiln.server.jobs.schedule.JobSchedules;
import dev.kiln.server.jobs.schedule.ScheduledRuns;
import dev.kiln.server.jobs.settings.JobValidator;
import dev.kiln.server.jobs.tasks.ConditionTaskRunner;
import dev.kiln.server.jobs.tasks.DriverCommands;
import dev.kiln.server.jobs.tasks.JarTaskRunner;
import dev.kiln.server.jobs.tasks.NotebookTaskRunner;
import dev.kiln.server.jobs.tasks.PythonFileTaskRunner;
import dev.kiln.server.jobs.tasks.RunClusters;
import dev.kiln.server.jobs.tasks.RunJobTaskRunner;
import dev.kiln.server.jobs.tasks.SparkSubmitTaskRunner;
import dev.kiln.server.jobs.tasks.SqlFileTaskRunner;
import dev.kiln.server.jobs.tasks.TaskExecutor;
import dev.kiln.server.jobs.tasks.TaskFiles;
import dev.kiln.server.jobs.tasks.TaskRunners;
import dev.kiln.server.libraries.ClusterLibraries;
import dev.kiln.server.workspace.WorkspaceService;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The jobs area wired together: job and run services, the engine and its task runners. Its packages
 * layer without cycles: {@code settings} (a job's settings, validation, JSON; depends on no other
 * jobs package), {@code runs} (the run store, triggers, control, queries, views), {@code tasks}
 * (the runners and driver commands a task run uses), {@code engine} (moves runs on and hands tasks
 * to runners), {@code schedule}; this package holds the APIs and the wiring.
 */
public final class Jobs implements AutoCloseable {
  private final JobService jobs;
  private final RunTriggers triggers;
  private final RunQueries queries;
  private final RunControl control;
  private final RunEngine engine;
  private final NotebookWorkflows workflows;

  /** What the jobs area uses of the rest of the control plane. */
  public record Needs(
      Jdbi jdbi,
      Clock clock,
      JobSchedules schedules,
      ClusterLibraries libraries,
      ClusterService clusters,
      Consumer<ClusterSpec> clusterSpecCheck,
      ExecutionService execution,
      WorkspaceService workspace,
      DbfsService dbfs,
      Supplier<String> serverUrl,
      Duration tick) {}

  public Jobs(Needs n) {
    RunClusters runClusters = new RunClusters(n.jdbi(), n.clusters());
    this.engine = new RunEngine(n.jdbi(), n.clock(), n.tick(), runClusters);
    JobValidator validator =
        new JobValidator(
            id -> {
              try {
                n.clusters().existing(id);
                return true;
              } catch (dev.kiln.server.api.ApiException e) {
                return false;
              }
            },
            n.clusterSpecCheck());
    this.jobs = new JobService(n.jdbi(), validator, n.schedules(), n.clock(), engine::wake);
    this.triggers = new RunTriggers(n.jdbi(), validator, new RunRecorder(n.clock()), engine::wake);
    this.queries = new RunQueries(n.jdbi(), new RunViews(n.clock(), n.serverUrl()), n.workspace());
    this.control = new RunControl(n.jdbi(), n.clock(), engine::wake);
    this.workflows = new NotebookWorkflows(n.jdbi(), triggers, control, n.workspace());
    DriverCommands driver = new DriverCommands(n.execution());
    TaskFiles files = new TaskFiles(n.dbfs(), n.workspace());
    TaskRunners runners =
        new TaskRunners(
            new ConditionTaskRunner(),
            new RunJobTaskRunner(n.jdbi(), triggers, control),
            new NotebookTaskRunner(runClusters, n.libraries(), driver, n.workspace()),
            new PythonFileTaskRunner(runClusters, n.libraries(), driver, files),
            new SqlFileTaskRunner(runClusters, n.libraries(), driver, files),
            new JarTaskRunner(runClusters, n.libraries(), driver),
            new SparkSubmitTaskRunner(runClusters, n.libraries(), driver, files));
    engine.executor(
        new TaskExecutor(n.jdbi().onDemand(TaskRunDao.class), runners, n.clock(), engine::wake));
  }

  public JobService jobs() {
    return jobs;
  }

  public RunTriggers triggers() {
    return triggers;
  }

  /** Where the scheduler hands due times. */
  public ScheduledRuns scheduledRuns() {
    return triggers;
  }

  public RunQueries queries() {
    return queries;
  }

  public RunControl control() {
    return control;
  }

  /** The child runs of {@code dbutils.notebook.run}. */
  public NotebookWorkflows workflows() {
    return workflows;
  }

  public RunEngine engine() {
    return engine;
  }

  /** Starts the engine: it resumes whatever runs the store holds unfinished. */
  public void start() {
    engine.start();
  }

  @Override
  public void close() {
    engine.close();
  }
}
