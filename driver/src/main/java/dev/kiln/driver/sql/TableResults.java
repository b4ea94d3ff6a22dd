package dev.kiln.driver.sql;

import dev.kiln.driver.exec.Result;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns a DataFrame into a table result: at most {@link #MAX_ROWS} rows ({@code truncated} when
 * there were more), column types as Spark's simple strings ({@code int}, {@code decimal(10,2)},
 * {@code array<int>}), values as JSON-friendly types.
 */
public final class TableResults {
  public static final int MAX_ROWS = dev.kiln.driver.exec.OutputLimits.TABLE_ROWS;

  private TableResults() {}

  public static Result.Table of(Dataset<Row> df) {
    return of(df, MAX_ROWS);
  }

  public static Result.Table of(Dataset<Row> df, int maxRows) {
    Row[] rows = (Row[]) df.take(maxRows + 1);
    StructType schema = df.schema();
    List<List<Object>> data = new ArrayList<>();
    for (int r = 0; r < Math.min(rows.length, maxRows); r++) {
      Row row = rows[r];
      List<Object> cells = new ArrayList<>(row.length());
      for (int c = 0; c < row.length(); c++) {
        cells.add(toJson(row.get(c)));
      }
      data.add(cells);
    }
    return new Result.Table(schema(schema), data, rows.length > maxRows);
  }

  public static List<Map<String, Object>> schema(StructType schema) {
    List<Map<String, Object>> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", f.name());
      column.put("type", f.dataType().simpleString());
      column.put("metadata", f.metadata().json());
      columns.add(column);
    }
    return columns;
  }

  /** A Spark value as a JSON-friendly Java value. */
  public static Object toJson(Object v) {
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : d;
    }
    if (v instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? f.toString() : f;
    }
    if (v instanceof scala.math.BigDecimal d) {
      return d.bigDecimal();
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof LocalDate
        || v instanceof Instant
        || v instanceof LocalDateTime
        || v instanceof Duration
        || v instanceof Period) {
      return v.toString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof ByteBuffer b) {
      byte[] copy = new byte[b.remaining()];
      b.duplicate().get(copy);
      return Base64.getEncoder().encodeToString(copy);
    }
    if (v instanceof Row row) {
      Map<String, Object> out = new LinkedHashMap<>();
      StructType schema = row.schema();
      for (int i = 0; i < row.length(); i++) {
        out.put(schema == null ? "_" + (i + 1) : schema.fields()[i].name(), toJson(row.get(i)));
      }
      return out;
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      CollectionConverters.asJava(m)
          .forEach((k, val) -> out.put(String.valueOf(toJson(k)), toJson(val)));
      return out;
    }
    if (v instanceof scala.collection.Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      CollectionConverters.asJava(it).forEach(x -> out.add(toJson(x)));
      return out;
    }
    if (v instanceof Object[] arr) {
      List<Object> out = new ArrayList<>();
      for (Object x : arr) {
        out.add(toJson(x));
      }
      return out;
    }
    return v.toString();
  }
}
