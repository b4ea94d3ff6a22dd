package dev.kiln.driver.sql;

import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * SQL cells: each {@code ;}-separated statement runs in order with {@code spark.sql}; the last
 * one's result is the cell's (a table if it has columns, else {@code OK}).
 */
public final class SqlInterpreter implements Interpreter {
  private final SparkSession spark;

  public SqlInterpreter(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Result execute(String code, CommandScope scope) {
    List<String> statements = SqlSplitter.split(code);
    if (statements.isEmpty()) {
      return new Result.Text("OK");
    }
    try {
      Dataset<Row> last = null;
      for (String statement : statements) {
        last = spark.sql(statement);
      }
      if (last.schema().fields().length == 0) {
        return new Result.Text("OK");
      }
      return TableResults.of(last);
    } catch (Exception e) { // Scala code throws SparkException (checked) without declaring it
      return error(e);
    }
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
