package dev.kiln.server.jobs;

import static dev.kiln.server.jobs.TaskRows.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.jobs.ConditionTaskOp;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.TriggerType;
import dev.kiln.server.api.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small pure rules of the engine: conditions, the DAG, admission, references, page tokens. */
class EngineRulesTest {
  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "10, GREATER_THAN, 9.5, true",
    "2.0, EQUAL_TO, 2, true",
    "abc, LESS_THAN, abd, true",
    "10, LESS_THAN, 9, false",
    "'10', LESS_THAN, x, true",
    "a, NOT_EQUAL, A, true",
    "5, GREATER_THAN_OR_EQUAL, 5, true",
    "5, LESS_THAN_OR_EQUAL, 4, false",
    "'', EQUAL_TO, '', true",
  })
  void conditionsCompareNumbersAsNumbersAndTheRestAsText(
      String left, ConditionTaskOp op, String right, boolean expected) {
    assertThat(ConditionEvaluator.evaluate(op, left, right)).isEqualTo(expected);
  }

  @Test
  void theGraphOrdersTasksAfterTheirDependenciesAndFindsLeavesAndDownstream() {
    TaskGraph g = TaskGraph.of(List.of(task("c", "b"), task("b", "a"), task("a"), task("d", "a")));
    assertThat(g.order()).extracting(t -> t.taskKey()).containsExactly("a", "b", "d", "c");
    assertThat(g.leaves()).containsExactlyInAnyOrder("c", "d");
    assertThat(g.downstreamOf("a")).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void theGraphRejectsCyclesUnknownAndDuplicateKeys() {
    assertThatThrownBy(() -> TaskGraph.of(List.of(task("a", "b"), task("b", "a"))))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("cyclic");
    assertThatThrownBy(() -> TaskGraph.of(List.of(task("a", "x"))))
        .hasMessageContaining("'x', which was not found");
    assertThatThrownBy(() -> TaskGraph.of(List.of(task("a"), task("a"))))
        .hasMessageContaining("not unique");
    assertThatThrownBy(() -> TaskGraph.of(List.of(task("a", "a")))).hasMessageContaining("itself");
  }

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
            Map.of(7L, 1, 8L, 1));
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
  void referencesResolveAndUnknownOnesStayAsWritten() {
    ParameterRefs.Scope scope =
        new ParameterRefs.Scope(
            5L, 10L, 11L, "t", Map.of("env", "prod"), Map.of("up", Map.of("n", 3, "s", "x")));
    assertThat(
            ParameterRefs.resolve("{{job.id}}/{{job.run_id}}/{{task.run_id}}/{{task.name}}", scope))
        .isEqualTo("5/10/11/t");
    assertThat(
            ParameterRefs.resolve(
                "{{job.parameters.env}}-{{tasks.up.values.n}}-{{tasks.up.values.s}}", scope))
        .isEqualTo("prod-3-x");
    assertThat(ParameterRefs.resolve("{{nope}} {{job.parameters.missing}}", scope))
        .isEqualTo("{{nope}} {{job.parameters.missing}}");
  }

  @Test
  void pageTokensRoundTripAndJunkIsRejected() {
    assertThat(PageToken.offset(PageToken.of(40))).isEqualTo(40);
    assertThatThrownBy(() -> PageToken.offset("junk")).isInstanceOf(ApiException.class);
  }
}
