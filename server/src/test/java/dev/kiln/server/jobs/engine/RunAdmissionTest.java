package dev.kiln.server.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.TriggerType;
import dev.kiln.server.jobs.runs.JobRunRow;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which queued runs start, wait or are skipped. */
class RunAdmissionTest {
  private static JobRunRow queued(long id, Long jobId, String settings) {
    return new JobRunRow(
        id,
        jobId,
        "r",
        RunType.JOB_RUN,
        TriggerType.ONE_TIME,
        null,
        "u",
        settings,
        null,
        null,
        RunLifeCycleState.QUEUED,
        null,
        "",
        false,
        null,
        null,
        null,
        id,
        null,
        null,
        null,
        null,
        null,
        0,
        0);
  }

  @Test
  void admissionStartsOldestFirstUpToTheLimitThenQueuesOrSkips() {
    String queueing = "{\"max_concurrent_runs\":2,\"queue\":{\"enabled\":true}}";
    String skipping = "{\"max_concurrent_runs\":1}";
    List<RunAdmission.Decision> d =
        RunAdmission.decide(
            List.of(
                queued(1, 7L, queueing),
                queued(2, 7L, queueing),
                queued(3, 7L, queueing),
                queued(4, 8L, skipping),
                queued(5, null, skipping)),
            Map.of(7L, 1, 8L, 1),
            Set.of());
    assertThat(d)
        .extracting(RunAdmission.Decision::verdict)
        .containsExactly(
            RunAdmission.Verdict.START,
            RunAdmission.Verdict.WAIT,
            RunAdmission.Verdict.WAIT,
            RunAdmission.Verdict.SKIP,
            RunAdmission.Verdict.START);
  }

  @Test
  void runsOfAJobWhoseQueueIsAlreadyBlockedWaitOrAreSkippedEvenWithSlotsFree() {
    String queueing = "{\"max_concurrent_runs\":5,\"queue\":{\"enabled\":true}}";
    String skipping = "{\"max_concurrent_runs\":5}";
    List<RunAdmission.Decision> d =
        RunAdmission.decide(
            List.of(queued(1, 7L, queueing), queued(2, 7L, skipping), queued(3, 8L, queueing)),
            Map.of(7L, 1),
            Set.of(7L));
    assertThat(d)
        .extracting(RunAdmission.Decision::verdict)
        .containsExactly(
            RunAdmission.Verdict.WAIT, RunAdmission.Verdict.SKIP, RunAdmission.Verdict.START);
  }
}
