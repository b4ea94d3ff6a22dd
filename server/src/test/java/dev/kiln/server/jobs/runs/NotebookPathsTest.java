package dev.kiln.server.jobs.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotebookPathsTest {
  @ParameterizedTest(name = "{1} from {0} -> {2}")
  @CsvSource({
    "/Users/ann/etl/main, /Shared/lib/child, /Shared/lib/child",
    "/Users/ann/etl/main, ./child, /Users/ann/etl/child",
    "/Users/ann/etl/main, child, /Users/ann/etl/child",
    "/Users/ann/etl/main, ../common/child, /Users/ann/common/child",
    "/Users/ann/etl/main, sub/./child, /Users/ann/etl/sub/child",
    ", /Shared//x/, /Shared/x",
  })
  void absolutePathsStandAndOthersStartFromTheCallersFolder(
      String caller, String path, String expected) {
    assertThat(NotebookPaths.resolve(caller, path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{1} from {0}")
  @CsvSource({
    ", ./child, needs a calling notebook",
    "'', child, needs a calling notebook",
    "/Users/main, ../../x, leaves the workspace",
    "/Users/main, '  ', Missing required field: path",
    "/Users/main, /, names no notebook",
  })
  void relativePathsWithoutACallerAndPathsOutsideTheWorkspaceAreRefused(
      String caller, String path, String message) {
    assertThatThrownBy(() -> NotebookPaths.resolve(caller, path))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(message);
  }
}
