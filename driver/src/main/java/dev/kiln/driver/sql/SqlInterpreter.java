package dev.kiln.driver.sql;

import dev.kiln.driver.dbutils.WidgetsUtils;
import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * SQL cells: each {@code ;}-separated statement runs in order with {@code spark.sql}; the last
 * one's result is the cell's (a table if it has columns, else {@code OK}). Widget statements and
 * widget values ({@code ${name}}, {@code :name}) work as {@link SqlWidgets} describes, with the
 * context's {@code dbutils.widgets}.
 */
public final class SqlInterpreter implements Interpreter {
  private final SparkSession spark;
  private final WidgetsUtils widgets;

  public SqlInterpreter(SparkSession spark, WidgetsUtils widgets) {
    this.spark = spark;
    this.widgets = widgets;
  }

  @Override
  public Result execute(String code, CommandScope scope) {
    List<String> statements = SqlSplitter.split(code);
    if (statements.isEmpty()) {
      return new Result.Text("OK");
    }
    try {
      Result last = null;
      for (String statement : statements) {
        last = run(statement);
      }
      return last;
    } catch (Exception e) { // Scala code throws SparkException (checked) without declaring it
      return error(e);
    }
  }

  private Result run(String statement) {
    Optional<SqlWidgets.Statement> widget = SqlWidgets.parse(statement);
    if (widget.isPresent()) {
      return widget(widget.get());
    }
    Dataset<Row> df = query(statement);
    return df.schema().fields().length == 0 ? new Result.Text("OK") : TableResults.of(df);
  }

  /** A statement with the widgets' values put in: {@code ${name}} as text, {@code :name} quoted. */
  private Dataset<Row> query(String statement) {
    return spark.sql(SqlWidgets.bind(SqlWidgets.substitute(statement, widgets), widgets));
  }

  private Result widget(SqlWidgets.Statement statement) {
    if (statement instanceof SqlWidgets.Create c && c.choices() == null) {
      widgets.text(c.name(), c.defaultValue());
    } else if (statement instanceof SqlWidgets.Create c) {
      List<String> choices = new ArrayList<>();
      for (Row r : query(c.choices()).collectAsList()) {
        choices.add(r.isNullAt(0) ? "null" : String.valueOf(r.get(0)));
      }
      widgets.dropdown(c.name(), c.defaultValue(), choices.toArray(String[]::new));
    } else if (statement instanceof SqlWidgets.Remove r) {
      widgets.remove(r.name());
    } else if (statement instanceof SqlWidgets.Set s) {
      widgets.bind(Map.of(s.name(), s.value()));
    } else {
      return show();
    }
    return new Result.Text("OK");
  }

  private Result.Table show() {
    List<Map<String, Object>> schema =
        List.of(
            column("name", "string"),
            column("kind", "string"),
            column("label", "string"),
            column("value", "string"),
            column("default_value", "string"),
            column("choices", "array<string>"));
    List<List<Object>> rows = new ArrayList<>();
    for (WidgetsUtils.Widget w : widgets.all()) {
      rows.add(
          java.util.Arrays.asList(
              w.name(), w.kind(), w.label(), w.value(), w.defaultValue(), w.choices()));
    }
    return new Result.Table(schema, rows, false);
  }

  private static Map<String, Object> column(String name, String type) {
    return Map.of("name", name, "type", type, "metadata", "{}");
  }

  static Result.Error error(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String message = e.getMessage() == null ? "" : e.getMessage();
    return new Result.Error(e.getClass().getName() + ": " + message, trace.toString());
  }

  @Override
  public void cancel() {
    // Spark jobs are cancelled through the command's job group; statements are not interruptible.
  }

  @Override
  public void close() {}
}
