package dev.kiln.server.dbfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DbfsPathTest {
  private static DbfsPath parse(String raw) {
    return DbfsPath.parse(raw, "path");
  }

  private static void assertRefused(String raw) {
    assertThatThrownBy(() -> parse(raw))
        .as("path %s", raw)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @Test
  void acceptsBothFormsAndReturnsThePlainOne() {
    assertThat(parse("/a/b.csv").toString()).isEqualTo("/a/b.csv");
    assertThat(parse("dbfs:/a/b.csv").toString()).isEqualTo("/a/b.csv");
    assertThat(parse("DBFS:/a/b.csv")).isEqualTo(parse("/a/b.csv"));
    assertThat(parse("dbfs:/a/b.csv").segments()).containsExactly("a", "b.csv");
  }

  @Test
  void normalisesRepeatedAndTrailingSlashes() {
    assertThat(parse("//a///b/").toString()).isEqualTo("/a/b");
    assertThat(parse("dbfs:///a/b").toString()).isEqualTo("/a/b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "dbfs:/", "///", "dbfs://"})
  void rootForms(String raw) {
    DbfsPath root = parse(raw);
    assertThat(root.isRoot()).isTrue();
    assertThat(root).isEqualTo(DbfsPath.ROOT);
    assertThat(root.toString()).isEqualTo("/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/...",
        "/.hidden",
        "/a..b",
        "/..a",
        "/100%",
        "/a%20b",
        "/%zz",
        "/données/été.txt",
        "/日本語",
        "/emoji-\uD83D\uDE00",
        "/with space/and+plus",
        "/a:b",
        "/dbfs:/x"
      })
  void plainNamesAreAccepted(String raw) {
    assertThat(parse(raw).toString()).isEqualTo(raw);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t"})
  void missingPathIsRefused(String raw) {
    assertThatThrownBy(() -> parse(raw))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b", "./a", "../a", "dbfs:a", "dbfs:", "dbfs:dbfs:/a", "file:/a"})
  void relativePathsAreRefused(String raw) {
    assertRefused(raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/..",
        "/../x",
        "dbfs:/../x",
        "/a/../../x",
        "/a/..",
        "/a/./b",
        "/.",
        "dbfs:/a/../..",
      })
  void dotSegmentsAreRefusedNotResolved(String raw) {
    assertRefused(raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/%2e%2e/x",
        "/%2E%2E/x",
        "/.%2e/x",
        "/%2e./x",
        "/%2e",
        "dbfs:/a/%2e%2e/%2e%2e/etc",
        "/%252e%252e/x",
        "/%25252e%25252e/x",
        "/a%2fb",
        "/a%2Fb",
        "/..%2fx",
        "/a%5cb",
        "/a%00b",
        "/a%0ab",
        "/%c0%ae%c0%ae/x",
        "/%e0%80%ae/x",
        "/%ff/x",
      })
  void percentEncodedTricksAreRefused(String raw) {
    assertRefused(raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a\u0000b",
        "/a\u0000/../../etc/passwd",
        "/a\nb",
        "/a\rb",
        "/a\u007fb",
        "/a\u001bb",
      })
  void controlCharactersAndNulAreRefused(String raw) {
    assertRefused(raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a\\b",
        "/..\\..\\x",
        "/\uFF0E\uFF0E/x", // fullwidth full stops
        "/\u2025/x", // two dot leader
        "/a\uFF0Fb", // fullwidth solidus
        "/a\uFF3Cb", // fullwidth reverse solidus
        "/\uD800", // lone surrogate
        "/a\uDC00b",
      })
  void separatorsAndLookalikesAreRefused(String raw) {
    assertRefused(raw);
  }

  @Test
  void overlongNamesAndPathsAreRefused() {
    assertThat(parse("/" + "x".repeat(255)).name()).hasSize(255);
    assertRefused("/" + "x".repeat(256));
    assertRefused("/" + "é".repeat(128)); // 256 bytes in UTF-8
    String longPath = "/a".repeat(DbfsPath.MAX_LENGTH / 2) + "/b";
    assertRefused(longPath);
  }

  @Test
  void theConstructorValidatesToo() {
    assertThatThrownBy(() -> new DbfsPath(List.of("a", ".."))).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> new DbfsPath(List.of("a/b"))).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> new DbfsPath(List.of(""))).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> DbfsPath.ROOT.child("..")).isInstanceOf(ApiException.class);
  }

  @Test
  void messagesNameTheFieldAndShowControlCharactersEscaped() {
    assertThatThrownBy(() -> DbfsPath.parse("x", "source_path"))
        .hasMessageContaining("source_path");
    assertThatThrownBy(() -> parse("/a\u0000b")).hasMessageContaining("\\x00");
  }

  @Test
  void navigation() {
    DbfsPath file = parse("/a/b/c.txt");
    assertThat(file.name()).isEqualTo("c.txt");
    assertThat(file.parent()).isEqualTo(parse("/a/b"));
    assertThat(file.parent().parent().parent()).isEqualTo(DbfsPath.ROOT);
    assertThat(DbfsPath.ROOT.parent()).isEqualTo(DbfsPath.ROOT);
    assertThat(DbfsPath.ROOT.name()).isEmpty();
    assertThat(parse("/a").child("b")).isEqualTo(parse("/a/b"));
    assertThat(parse("/a").contains(parse("/a/b/c"))).isTrue();
    assertThat(parse("/a").contains(parse("/a"))).isTrue();
    assertThat(parse("/a").contains(parse("/ab"))).isFalse();
    assertThat(parse("/a/b").contains(parse("/a"))).isFalse();
    assertThat(DbfsPath.ROOT.contains(file)).isTrue();
  }

  @Test
  void segmentsAreImmutable() {
    assertThatThrownBy(() -> parse("/a").segments().add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
