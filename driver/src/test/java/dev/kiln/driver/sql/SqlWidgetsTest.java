package dev.kiln.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.driver.dbutils.WidgetsUtils;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlWidgetsTest {
  private final WidgetsUtils widgets = new WidgetsUtils();

  @Test
  void readsCreateWidgetStatementsAsDatabricksWritesThem() {
    assertThat(SqlWidgets.parse("CREATE WIDGET TEXT state DEFAULT 'CA'"))
        .contains(new SqlWidgets.Create("text", "state", "CA", null));
    assertThat(SqlWidgets.parse("  create widget text `my state` default \"New \\\"York\\\"\"\n"))
        .contains(new SqlWidgets.Create("text", "my state", "New \"York\"", null));
    assertThat(
            SqlWidgets.parse(
                "CREATE WIDGET DROPDOWN state DEFAULT 'CA' CHOICES SELECT * FROM (VALUES ('CA'),"
                    + " ('IL'))"))
        .contains(
            new SqlWidgets.Create(
                "dropdown", "state", "CA", "SELECT * FROM (VALUES ('CA'), ('IL'))"));
  }

  @Test
  void refusesWidgetKindsKilnDoesNotHaveAndMalformedDropdowns() {
    assertThatThrownBy(
            () -> SqlWidgets.parse("CREATE WIDGET COMBOBOX a DEFAULT 'x' CHOICES SELECT 1"))
        .hasMessageContaining("Kiln has TEXT and DROPDOWN widgets");
    assertThatThrownBy(() -> SqlWidgets.parse("CREATE WIDGET DROPDOWN a DEFAULT 'x'"))
        .hasMessageContaining("needs CHOICES");
    assertThatThrownBy(() -> SqlWidgets.parse("CREATE WIDGET TEXT a DEFAULT 'x' CHOICES SELECT 1"))
        .hasMessageContaining("takes no CHOICES");
  }

  @Test
  void readsRemoveShowAndSetWidget() {
    assertThat(SqlWidgets.parse("REMOVE WIDGET state")).contains(new SqlWidgets.Remove("state"));
    assertThat(SqlWidgets.parse("show widgets")).contains(new SqlWidgets.Show());
    assertThat(SqlWidgets.parse("SET WIDGET state = 'it''s'"))
        .isEmpty(); // SQL-style doubled quotes are not a Spark string literal
    assertThat(SqlWidgets.parse("SET WIDGET state = 'a\\'b'"))
        .contains(new SqlWidgets.Set("state", "a'b"));
  }

  @Test
  void leavesOtherStatementsToSpark() {
    assertThat(SqlWidgets.parse("SELECT 1")).isEmpty();
    assertThat(SqlWidgets.parse("SET spark.sql.shuffle.partitions = 4")).isEmpty();
    assertThat(SqlWidgets.parse("CREATE TABLE widget (a INT)")).isEmpty();
  }

  @Test
  void putsInTheValuesOfDefinedOrBoundWidgetsAsText() {
    widgets.text("table", "sales");
    widgets.bind(Map.of("year", "2026"));
    assertThat(SqlWidgets.substitute("SELECT * FROM ${table} WHERE y = '${year}'", widgets))
        .isEqualTo("SELECT * FROM sales WHERE y = '2026'");
  }

  @Test
  void leavesUnknownVariablesForSparksOwnSubstitution() {
    assertThat(SqlWidgets.substitute("SELECT '${spark.app.name}', '${nope}'", widgets))
        .isEqualTo("SELECT '${spark.app.name}', '${nope}'");
  }

  @Test
  void putsInValuesWithDollarSignsAndBackslashesAsTheyAre() {
    widgets.text("v", "a$1\\b");
    assertThat(SqlWidgets.substitute("${v}", widgets)).isEqualTo("a$1\\b");
  }

  @Test
  void putsInTheParameterMarkersThatNameAWidgetAsHexStringLiterals() {
    widgets.text("state", "CA");
    widgets.text("q", "it's");
    assertThat(SqlWidgets.bind("SELECT * FROM t WHERE s = :state AND q = :q", widgets))
        .isEqualTo(
            "SELECT * FROM t WHERE s = CAST(X'4341' AS STRING) AND q = CAST(X'69742773' AS"
                + " STRING)");
    assertThat(SqlWidgets.literal("é")).isEqualTo("CAST(X'C3A9' AS STRING)");
    assertThat(SqlWidgets.literal("")).isEqualTo("CAST(X'' AS STRING)");
  }

  @Test
  void leavesMarkersInQuotesCommentsCastsAndUnknownNames() {
    widgets.text("state", "CA");
    String sql =
        "SELECT ':state', \":state\", `:state`, x::string, :other -- :state\n /* :state */ FROM t";
    assertThat(SqlWidgets.bind(sql, widgets)).isEqualTo(sql);
    assertThat(SqlWidgets.bind("SELECT 'a\\'b', :state", widgets))
        .isEqualTo("SELECT 'a\\'b', CAST(X'4341' AS STRING)");
  }

  @Test
  void readsStringLiteralEscapes() {
    assertThat(SqlWidgets.unquote("'a\\nb\\tc\\\\d'")).isEqualTo("a\nb\tc\\d");
    assertThat(SqlWidgets.unquote("''")).isEmpty();
  }
}
