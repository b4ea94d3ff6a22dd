package dev.kiln.server.jobs.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.RunIf;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RunIfRuleTest {
  private static List<DependencyStatus> deps(String spec) {
    return spec.isEmpty()
        ? List.of()
        : java.util.Arrays.stream(spec.split(" ")).map(DependencyStatus::valueOf).toList();
  }

  @ParameterizedTest(name = "{0} after [{1}] -> {2}")
  @CsvSource({
    "ALL_SUCCESS, SUCCEEDED SUCCEEDED, RUN",
    "ALL_SUCCESS, SUCCEEDED FAILED, UPSTREAM_FAILED",
    "ALL_SUCCESS, SUCCEEDED CANCELED, UPSTREAM_CANCELED",
    "ALL_SUCCESS, SUCCEEDED EXCLUDED, EXCLUDED",
    "ALL_SUCCESS, FAILED CANCELED, UPSTREAM_FAILED",
    "AT_LEAST_ONE_SUCCESS, SUCCEEDED FAILED, RUN",
    "AT_LEAST_ONE_SUCCESS, FAILED FAILED, UPSTREAM_FAILED",
    "AT_LEAST_ONE_SUCCESS, EXCLUDED CANCELED, UPSTREAM_CANCELED",
    "AT_LEAST_ONE_SUCCESS, EXCLUDED EXCLUDED, EXCLUDED",
    "NONE_FAILED, SUCCEEDED EXCLUDED, RUN",
    "NONE_FAILED, SUCCEEDED FAILED, UPSTREAM_FAILED",
    "NONE_FAILED, SUCCEEDED CANCELED, UPSTREAM_CANCELED",
    "NONE_FAILED, EXCLUDED EXCLUDED, EXCLUDED",
    "ALL_DONE, FAILED CANCELED, RUN",
    "ALL_DONE, SUCCEEDED EXCLUDED, RUN",
    "ALL_DONE, EXCLUDED EXCLUDED, EXCLUDED",
    "AT_LEAST_ONE_FAILED, SUCCEEDED FAILED, RUN",
    "AT_LEAST_ONE_FAILED, SUCCEEDED SUCCEEDED, EXCLUDED",
    "AT_LEAST_ONE_FAILED, SUCCEEDED CANCELED, UPSTREAM_CANCELED",
    "ALL_FAILED, FAILED FAILED, RUN",
    "ALL_FAILED, FAILED SUCCEEDED, EXCLUDED",
    "ALL_FAILED, FAILED CANCELED, UPSTREAM_CANCELED",
  })
  void decidesFromTheDependencies(RunIf runIf, String deps, String expected) {
    Optional<RunResultState> skip = RunIfRule.decide(runIf, deps(deps));
    assertThat(skip.map(Enum::name).orElse("RUN")).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(RunIf.class)
  void aTaskWithoutDependenciesAlwaysRuns(RunIf runIf) {
    assertThat(RunIfRule.decide(runIf, List.of())).isEmpty();
  }

  @ParameterizedTest(name = "{0}/{1}, edge {2}, outcome {3} -> {4}")
  @CsvSource({
    "TERMINATED, SUCCESS, , , SUCCEEDED",
    "TERMINATED, SUCCESS, true, true, SUCCEEDED",
    "TERMINATED, SUCCESS, true, false, EXCLUDED",
    "TERMINATED, SUCCESS, false, false, SUCCEEDED",
    "TERMINATED, SUCCESS_WITH_FAILURES, , , SUCCEEDED",
    "TERMINATED, FAILED, , , FAILED",
    "TERMINATED, TIMEDOUT, , , FAILED",
    "SKIPPED, UPSTREAM_FAILED, , , FAILED",
    "INTERNAL_ERROR, FAILED, , , FAILED",
    "TERMINATED, CANCELED, , , CANCELED",
    "SKIPPED, UPSTREAM_CANCELED, , , CANCELED",
    "SKIPPED, EXCLUDED, , , EXCLUDED",
    "SKIPPED, DISABLED, , , EXCLUDED",
  })
  void anEndedDependencyCounts(
      RunLifeCycleState life,
      RunResultState result,
      String wanted,
      String outcome,
      DependencyStatus expected) {
    assertThat(DependencyStatus.of(life, result, wanted, outcome)).isEqualTo(expected);
  }
}
