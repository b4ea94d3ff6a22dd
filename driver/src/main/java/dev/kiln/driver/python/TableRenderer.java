package dev.kiln.driver.python;

import dev.kiln.driver.exec.Result;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import scala.collection.Iterable;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A DataFrame as a {@code table} result: the schema as column objects ({@code name}, {@code type}
 * as Spark's JSON of the data type, {@code metadata}), at most {@code maxRows} rows of JSON-ready
 * values, and whether rows were cut.
 */
final class TableRenderer {
  private TableRenderer() {}

  static Result.Table render(Dataset<?> data, int maxRows) {
    Dataset<Row> df = data.toDF();
    List<Map<String, Object>> schema = new ArrayList<>();
    for (StructField field : df.schema().fields()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", field.name());
      column.put("type", field.dataType().json());
      column.put("metadata", field.metadata().json());
      schema.add(column);
    }
    List<Row> taken = df.takeAsList(maxRows + 1);
    boolean truncated = taken.size() > maxRows;
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : truncated ? taken.subList(0, maxRows) : taken) {
      rows.add(values(row));
    }
    return new Result.Table(schema, rows, truncated);
  }

  private static List<Object> values(Row row) {
    List<Object> values = new ArrayList<>(row.length());
    for (int i = 0; i < row.length(); i++) {
      values.add(value(row.get(i)));
    }
    return values;
  }

  /** A Spark value as a JSON-ready one: numbers, strings and booleans as they are. */
  static Object value(Object v) {
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof Double
        || v instanceof Float
        || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (v instanceof Row nested) {
      return values(nested);
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      CollectionConverters.asJava(map).forEach((k, x) -> out.put(String.valueOf(k), value(x)));
      return out;
    }
    if (v instanceof Iterable<?> seq) {
      List<Object> out = new ArrayList<>();
      CollectionConverters.asJava(seq).forEach(x -> out.add(value(x)));
      return out;
    }
    return v.toString();
  }
}
