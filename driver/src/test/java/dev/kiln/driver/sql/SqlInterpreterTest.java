package dev.kiln.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.driver.dbutils.WidgetsUtils;
import dev.kiln.driver.exec.Result;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL cells with widgets, on a real local SparkSession. */
class SqlInterpreterTest {
  private static SparkSession spark;
  private final WidgetsUtils widgets = new WidgetsUtils();
  private final SqlInterpreter sql = new SqlInterpreter(spark, widgets);

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("sql-widgets")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.catalogImplementation", "in-memory")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private Object single(String code) {
    Result r = sql.execute(code, null);
    assertThat(r).isInstanceOf(Result.Table.class);
    return ((Result.Table) r).rows().get(0).get(0);
  }

  @Test
  void aTextWidgetIsDefinedAndItsValueUsedAsTextAndAsAParameter() {
    assertThat(sql.execute("CREATE WIDGET TEXT who DEFAULT 'world'", null))
        .isEqualTo(new Result.Text("OK"));
    assertThat(widgets.get("who")).isEqualTo("world");
    assertThat(single("SELECT 'hello ${who}'")).isEqualTo("hello world");
    assertThat(single("SELECT concat('hello ', :who)")).isEqualTo("hello world");
  }

  @Test
  void aParameterIsBoundAsAStringNeverParsedAsSql() {
    widgets.text("evil", "x' OR '1'='1");
    assertThat(single("SELECT :evil")).isEqualTo("x' OR '1'='1");
  }

  @Test
  void aValueSetFromOutsideWinsOverTheDefault() {
    sql.execute("CREATE WIDGET TEXT n DEFAULT '1'", null);
    assertThat(sql.execute("SET WIDGET n = '41'", null)).isEqualTo(new Result.Text("OK"));
    assertThat(single("SELECT ${n} + 1")).isEqualTo(42);
    // Defined again (the cell run again), the widget keeps the value it was given.
    sql.execute("CREATE WIDGET TEXT n DEFAULT '1'", null);
    assertThat(single("SELECT ${n} + 1")).isEqualTo(42);
  }

  @Test
  void aDropdownTakesItsChoicesFromAQuery() {
    sql.execute(
        "CREATE WIDGET DROPDOWN state DEFAULT 'CA' CHOICES SELECT * FROM (VALUES ('CA'), ('IL'))",
        null);
    Result.Table shown = (Result.Table) sql.execute("SHOW WIDGETS", null);
    assertThat(shown.schema())
        .extracting(c -> c.get("name"))
        .containsExactly("name", "kind", "label", "value", "default_value", "choices");
    assertThat(shown.rows())
        .containsExactly(Arrays.asList("state", "dropdown", null, "CA", "CA", List.of("CA", "IL")));
  }

  @Test
  void aRemovedWidgetIsGoneAndUsingAnUndefinedOneFails() {
    sql.execute("CREATE WIDGET TEXT gone DEFAULT 'x'", null);
    assertThat(sql.execute("REMOVE WIDGET gone", null)).isEqualTo(new Result.Text("OK"));
    assertThat(widgets.all()).isEmpty();
    Result r = sql.execute("SELECT :gone", null);
    assertThat(r).isInstanceOf(Result.Error.class);
    assertThat(((Result.Error) r).summary()).contains("gone");
    assertThat(sql.execute("REMOVE WIDGET gone", null)).isInstanceOf(Result.Error.class);
  }

  @Test
  void statementsOfACellRunInOrderWithTheWidgetsTheyDefine() {
    Object v = single("CREATE WIDGET TEXT t DEFAULT 'a'; SET WIDGET t = 'b'; SELECT '${t}' || :t");
    assertThat(v).isEqualTo("bb");
    assertThat(widgets.all()).extracting(WidgetsUtils.Widget::value).containsExactly("b");
  }
}
