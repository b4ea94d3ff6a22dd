package dev.kiln.driver.catalog;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * One driver JVM of {@link SharedMetastoreTest}: a local SparkSession with the control plane's data
 * settings against the given metastore, then one action. Prints {@code RESULT <value>}.
 */
public final class SharedTableProgram {
  private SharedTableProgram() {}

  public static void main(String[] args) {
    String dbfsRoot = args[0];
    String metastoreUrl = args[1];
    String action = args[2];
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("shared-" + action)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2");
    DataConf.sparkConf(
            dbfsRoot,
            new DataConf.Metastore(
                metastoreUrl, "org.apache.derby.jdbc.ClientDriver", "APP", null, true),
            1)
        .forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    try {
      String result =
          switch (action) {
            case "create" -> {
              spark.sql("CREATE TABLE shared (id INT, name STRING)");
              spark.sql("INSERT INTO shared VALUES (1, 'one'), (2, 'two'), (3, 'three')");
              spark.range(0, 4).write().saveAsTable("saved");
              yield "created";
            }
            case "query" -> {
              String detail =
                  spark
                      .sql("DESCRIBE DETAIL shared")
                      .select("format", "location")
                      .first()
                      .toString();
              long saved = spark.table("saved").count();
              String names =
                  spark
                      .sql(
                          "SELECT concat_ws(',', collect_list(name)) FROM (SELECT name FROM shared ORDER BY id)")
                      .first()
                      .getString(0);
              yield detail + " " + names + " " + saved;
            }
            default -> throw new IllegalArgumentException(action);
          };
      System.out.println("RESULT " + result.toLowerCase(Locale.ROOT));
    } finally {
      spark.stop();
    }
  }
}
