package dev.kiln.server.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.QueueDetailsCodeCode;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.TriggerType;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.jobs.runs.JobRunDao;
import dev.kiln.server.jobs.runs.JobRunRow;
import dev.kiln.server.jobs.tasks.RunClusters;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's queue reads the queued runs that can move, not every queued run each pass. */
class RunEngineQueueTest {
  private static final long JOB = 7;
  private static final String ONE_AT_A_TIME =
      "{\"max_concurrent_runs\":1,\"queue\":{\"enabled\":true}}";

  @TempDir Path home;
  private Database db;
  private JobRunDao runs;
  private RunEngine engine;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(KilnConfig.defaults(home));
    runs = db.jdbi().onDemand(JobRunDao.class);
    // Not started, and ticks an hour apart: only the test moves the queue.
    engine =
        new RunEngine(
            db.jdbi(), Clock.systemUTC(), Duration.ofHours(1), new RunClusters(db.jdbi(), null));
  }

  @AfterEach
  void close() {
    engine.close();
    db.close();
  }

  @Test
  void waitingRunsOfAJobAtItsLimitAreNotReadAgainUntilASlotFrees() {
    runs.insert(run(1, RunLifeCycleState.RUNNING));
    for (long id = 2; id <= 51; id++) {
      runs.insert(run(id, RunLifeCycleState.QUEUED));
    }

    assertThat(engine.admit()).as("new runs are read once, to queue them").isEqualTo(50);
    assertThat(runs.byId(2).orElseThrow().queueCode())
        .isEqualTo(QueueDetailsCodeCode.MAX_CONCURRENT_RUNS_REACHED);
    assertThat(engine.admit()).as("the job is at its limit: nothing of it can move").isZero();

    runs.insert(run(52, RunLifeCycleState.QUEUED));
    assertThat(engine.admit()).as("only the new run").isEqualTo(1);
    assertThat(runs.byId(52).orElseThrow().queueCode()).isNotNull();
    assertThat(runs.byId(52).orElseThrow().lifeCycleState()).isEqualTo(RunLifeCycleState.QUEUED);

    runs.delete(1); // the started run is gone: a slot is free
    assertThat(engine.admit()).as("a slot freed: the job's queue moves").isEqualTo(51);
    assertThat(runs.byId(2).orElseThrow().lifeCycleState()).isEqualTo(RunLifeCycleState.RUNNING);
    assertThat(runs.byId(3).orElseThrow().lifeCycleState()).isEqualTo(RunLifeCycleState.QUEUED);
    assertThat(engine.admit()).isZero();
  }

  private static JobRunRow run(long id, RunLifeCycleState state) {
    return new JobRunRow(
        id,
        JOB,
        "r",
        RunType.JOB_RUN,
        TriggerType.ONE_TIME,
        null,
        "u",
        ONE_AT_A_TIME,
        null,
        null,
        state,
        null,
        "",
        false,
        null,
        null,
        null,
        id,
        state == RunLifeCycleState.QUEUED ? null : id,
        null,
        null,
        null,
        null,
        0,
        0);
  }
}
