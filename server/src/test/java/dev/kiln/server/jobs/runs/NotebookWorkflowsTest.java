package dev.kiln.server.jobs.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.node.notebooks.NotebookRunState;
import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.model.workspace.Language;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.jobs.settings.JobValidator;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.store.Database;
import dev.kiln.server.workspace.WorkspaceService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbutils.notebook.run's child runs on a real (in-memory H2) store, without an engine. */
class NotebookWorkflowsTest {
  private static final String CLUSTER = "0101-000000-abc";

  @TempDir Path home;
  private Database database;
  private Jdbi jdbi;
  private NotebookWorkflows workflows;
  private final AtomicInteger wakes = new AtomicInteger();

  @BeforeEach
  void open() throws Exception {
    KilnConfig d = KilnConfig.defaults(home);
    String url = "jdbc:h2:mem:workflows-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    database = Database.open(d.withDbUrl(url));
    jdbi = database.jdbi();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    WorkspaceService workspace = new WorkspaceService(jdbi, clock);
    workspace.ensureBaseFolders();
    workspace.mkdirs("/Shared/etl");
    workspace.importObject(
        "/Shared/etl/child",
        ImportFormat.SOURCE,
        Language.PYTHON,
        "print(1)".getBytes(StandardCharsets.UTF_8),
        false);
    JobValidator validator = new JobValidator(id -> true, spec -> {});
    RunTriggers triggers =
        new RunTriggers(jdbi, validator, new RunRecorder(clock), wakes::incrementAndGet);
    RunControl control = new RunControl(jdbi, clock, wakes::incrementAndGet);
    workflows = new NotebookWorkflows(jdbi, triggers, control, workspace);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aChildIsRecordedAsAWorkflowRunOfTheNotebookOnTheCallersClusterForTheCaller() {
    long runId =
        workflows.start("ann", CLUSTER, null, "./child", "/Shared/etl/main", 30, Map.of("x", "1"));

    JobRunRow run = jdbi.onDemand(JobRunDao.class).byId(runId).orElseThrow();
    assertThat(run.runType()).isEqualTo(RunType.WORKFLOW_RUN);
    assertThat(run.jobId()).isNull();
    assertThat(run.creatorUserName()).isEqualTo("ann");
    assertThat(run.runName()).isEqualTo("child");
    JobSettings settings = JobsJson.read(run.settings(), JobSettings.class);
    assertThat(settings.timeoutSeconds()).isEqualTo(30);
    Task task = settings.tasksOrEmpty().get(0);
    assertThat(task.timeoutSeconds()).isZero();
    assertThat(task.existingClusterId()).isEqualTo(CLUSTER);
    assertThat(task.notebookTask().notebookPath()).isEqualTo("/Shared/etl/child");
    assertThat(task.notebookTask().baseParameters()).containsExactly(Map.entry("x", "1"));
    assertThat(jdbi.onDemand(TaskRunDao.class).ofRun(runId)).hasSize(1);
    assertThat(wakes.get()).isPositive();

    NotebookRunState state = workflows.state("ann", CLUSTER, runId);
    assertThat(state.path()).isEqualTo("/Shared/etl/child");
    assertThat(state.lifeCycleState()).isNotEqualTo(RunLifeCycleState.TERMINATED.name());
    assertThat(state.resultState()).isNull();
  }

  @Test
  void aChildOfAContextNoOpenTaskRunHoldsHasNoParent() {
    long runId = workflows.start("ann", CLUSTER, "ctx-9", "/Shared/etl/child", null, 0, Map.of());

    NotebookRunLinks links = workflows.links(runId);
    assertThat(links.parent()).isNull();
    assertThat(links.children()).isEmpty();
  }

  @Test
  void aTaskRunHoldsTheContextsItsProgressNames() {
    assertThat(NotebookWorkflows.holdsContext("{\"context\":\"c1\",\"command\":\"x\"}", "c1"))
        .isTrue();
    assertThat(
            NotebookWorkflows.holdsContext(
                "{\"contexts\":{\"python\":\"c2\",\"sql\":\"c3\"}}", "c3"))
        .isTrue();
    assertThat(NotebookWorkflows.holdsContext("{\"contexts\":{\"python\":\"c2\"}}", "c3"))
        .isFalse();
    assertThat(NotebookWorkflows.holdsContext(null, "c1")).isFalse();
  }

  @Test
  void aMissingNotebookOrAFolderStartsNothing() {
    assertThatThrownBy(
            () -> workflows.start("ann", CLUSTER, null, "/Shared/etl/nope", null, 0, null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST))
        .hasMessage("Notebook not found: /Shared/etl/nope");
    assertThatThrownBy(() -> workflows.start("ann", CLUSTER, null, "/Shared/etl", null, 0, null))
        .hasMessageContaining("is not a notebook");
    assertThatThrownBy(
            () -> workflows.start("ann", CLUSTER, null, "/Shared/etl/child", null, -1, null))
        .hasMessageContaining("timeout_seconds must not be negative");
    assertThat(jdbi.onDemand(JobRunDao.class).unfinished()).isEmpty();
  }

  @Test
  void onlyTheCallersUserOnTheCallersClusterSeesAndCancelsAChild() {
    long runId = workflows.start("ann", CLUSTER, null, "/Shared/etl/child", null, 0, Map.of());

    assertThatThrownBy(() -> workflows.state("bob", CLUSTER, runId))
        .hasMessage("Run " + runId + " does not exist.");
    assertThatThrownBy(() -> workflows.state("ann", "other-cluster", runId))
        .hasMessage("Run " + runId + " does not exist.");
    assertThatThrownBy(() -> workflows.cancel("ann", "other-cluster", runId))
        .hasMessage("Run " + runId + " does not exist.");
    assertThat(jdbi.onDemand(JobRunDao.class).byId(runId).orElseThrow().cancelRequested()).isNull();

    workflows.cancel("ann", CLUSTER, runId);
    assertThat(jdbi.onDemand(JobRunDao.class).byId(runId).orElseThrow().cancelRequested())
        .isEqualTo(StopReason.USER);
  }
}
