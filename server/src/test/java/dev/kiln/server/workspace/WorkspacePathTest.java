package dev.kiln.server.workspace;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.server.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathTest {
  @ParameterizedTest
  @CsvSource({
    "/, /",
    "/Users, /Users",
    "/Users/ann@example.com/nb, /Users/ann@example.com/nb",
    "/Users/, /Users",
    "/Workspace, /",
    "/Workspace/, /",
    "/Workspace/Users/x, /Users/x",
    "/Workspaces/x, /Workspaces/x",
    "/a b/ü ✓/%_*, /a b/ü ✓/%_*",
    "/.hidden/x.py, /.hidden/x.py",
    "/emoji/\uD83D\uDE00, /emoji/\uD83D\uDE00"
  })
  void acceptsAbsoluteNormalizedPaths(String in, String out) {
    assertThat(WorkspacePath.normalize(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Users/x",
        "./x",
        "x",
        "//",
        "/a//b",
        "/a/b//",
        "/a/./b",
        "/a/../b",
        "/..",
        "/.",
        "/a/..",
        "/a\nb",
        "/a\u0000b",
        "/a\u007fb",
        "/Workspace//x",
        "/sur\uD800x", // half a surrogate pair: no character, so never written back as sent
        "/sur\uDC00",
        "/\uDC00\uD800"
      })
  void refusesRelativeOrUnnormalizedPaths(String path) {
    assertInvalid(path);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void aPathIsRequired(String path) {
    assertInvalid(path);
  }

  @Test
  void namesAndPathsHaveLimits() {
    assertThat(WorkspacePath.normalize("/" + "n".repeat(255))).hasSize(256);
    assertInvalid("/" + "n".repeat(256));
    String deep = ("/" + "d".repeat(100)).repeat(10);
    assertThat(WorkspacePath.normalize(deep)).isEqualTo(deep);
    assertInvalid(deep + "/" + "x".repeat(20));
    // The limit is in bytes: 300 three-byte characters are 900 bytes, 400 of them too many.
    assertThat(WorkspacePath.normalize("/" + "€".repeat(200) + "/" + "€".repeat(100))).isNotNull();
    assertInvalid("/" + "€".repeat(200) + "/" + "€".repeat(200));
  }

  private static void assertInvalid(String path) {
    assertFailsWith(() -> WorkspacePath.normalize(path), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void parentsNamesAndExtensions() {
    assertThat(WorkspacePath.parent("/")).isNull();
    assertThat(WorkspacePath.parent("/a")).isEqualTo("/");
    assertThat(WorkspacePath.parent("/a/b/c")).isEqualTo("/a/b");
    assertThat(WorkspacePath.name("/")).isEmpty();
    assertThat(WorkspacePath.name("/a/b.py")).isEqualTo("b.py");
    assertThat(WorkspacePath.child("/", "a")).isEqualTo("/a");
    assertThat(WorkspacePath.child("/a", "b")).isEqualTo("/a/b");
    assertThat(WorkspacePath.extension("/a/nb.PY")).isEqualTo("py");
    assertThat(WorkspacePath.extension("/a/nb.tar.gz")).isEqualTo("gz");
    assertThat(WorkspacePath.extension("/a.b/nb")).isEmpty();
    assertThat(WorkspacePath.extension("/a/.py")).isEmpty();
    assertThat(WorkspacePath.withoutExtension("/a.b/nb.R")).isEqualTo("/a.b/nb");
    assertThat(WorkspacePath.withoutExtension("/a.b/nb")).isEqualTo("/a.b/nb");
    assertThat(WorkspacePath.withoutExtension("/a/.py")).isEqualTo("/a/.py");
    assertThat(WorkspacePath.relative("/", "/a/b")).isEqualTo("a/b");
    assertThat(WorkspacePath.relative("/a", "/a/b/c")).isEqualTo("b/c");
  }
}
