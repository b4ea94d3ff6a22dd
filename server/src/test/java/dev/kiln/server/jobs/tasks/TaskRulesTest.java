package dev.kiln.server.jobs.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.ConditionTaskOp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small pure rules of tasks: conditions and parameter references. */
class TaskRulesTest {
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
}
