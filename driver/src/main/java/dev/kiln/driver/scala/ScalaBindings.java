package dev.kiln.driver.scala;

import dev.kiln.driver.dbutils.DbUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * Where a Scala context's REPL reads its {@code spark} and {@code dbutils} from: its first line
 * defines them as {@code @transient val}s (as Spark's own shell does), so that closures shipped to
 * executors never drag them along. Entries live as long as their context.
 */
public final class ScalaBindings {
  /** The values of one context. */
  public record Values(SparkSession spark, DbUtils dbutils) {}

  private static final Map<String, Values> BY_CONTEXT = new ConcurrentHashMap<>();

  private ScalaBindings() {}

  static void put(String contextId, Values values) {
    BY_CONTEXT.put(contextId, values);
  }

  static void remove(String contextId) {
    BY_CONTEXT.remove(contextId);
  }

  public static SparkSession spark(String contextId) {
    return BY_CONTEXT.get(contextId).spark();
  }

  public static DbUtils dbutils(String contextId) {
    return BY_CONTEXT.get(contextId).dbutils();
  }
}
