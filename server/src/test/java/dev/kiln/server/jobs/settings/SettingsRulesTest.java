package dev.kiln.server.jobs.settings;

import static dev.kiln.server.jobs.runs.TaskRows.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pure rules of job settings: the task graph and page tokens. */
class SettingsRulesTest {
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

  @Test
  void pageTokensRoundTripAndJunkIsRejected() {
    assertThat(PageToken.offset(PageToken.of(40))).isEqualTo(40);
    assertThatThrownBy(() -> PageToken.offset("junk")).isInstanceOf(ApiException.class);
  }
}
