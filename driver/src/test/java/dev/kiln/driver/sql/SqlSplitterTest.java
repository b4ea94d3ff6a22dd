package dev.kiln.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlSplitterTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    assertThat(
            SqlSplitter.split(
                "SELECT 'a;b', \"c;d\", `e;f`; -- x; y\nSELECT 2 /* ; */ ;; SELECT 'it\\'s;'"))
        .containsExactly(
            "SELECT 'a;b', \"c;d\", `e;f`", "-- x; y\nSELECT 2 /* ; */", "SELECT 'it\\'s;'");
  }

  @Test
  void dropsBlankAndCommentOnlyStatements() {
    assertThat(SqlSplitter.split("  ;\n-- only a comment\n; /* c */ ")).isEmpty();
    assertThat(SqlSplitter.split("SELECT 1")).containsExactly("SELECT 1");
  }

  @Test
  void unterminatedQuoteKeepsTheRest() {
    assertThat(SqlSplitter.split("SELECT 'a;b")).containsExactly("SELECT 'a;b");
  }
}
