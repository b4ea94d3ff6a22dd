package dev.kiln.driver.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.driver.catalog.DataConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real local SparkSession with the control plane's data settings (in-memory catalog). */
class DbfsSparkTest {
  @TempDir static Path root;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("dbfs-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2");
    DataConf.sparkConf(root.toString(), null, 1).forEach(builder::config);
    spark = builder.getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static List<String> filesUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  @Test
  void parquetAndCsvRoundTripThroughDbfs() throws IOException {
    spark.range(0, 100).selectExpr("id", "id * 2 AS twice").write().parquet("dbfs:/data/p");
    assertThat(spark.read().parquet("dbfs:///data/p").count()).isEqualTo(100);
    assertThat(filesUnder(root.resolve("data/p")))
        .contains("_SUCCESS")
        .anyMatch(f -> f.endsWith(".parquet"))
        .noneMatch(f -> f.endsWith(".crc") || f.contains("_temporary"));

    spark.range(0, 10).write().option("header", "true").csv("dbfs:/data/c");
    assertThat(spark.read().option("header", "true").csv("dbfs:/data/c").count()).isEqualTo(10);
    // A file put by the DBFS API (a plain file under the root) is readable from Spark.
    Files.createDirectories(root.resolve("uploads"));
    Files.writeString(root.resolve("uploads/people.csv"), "name,age\nada,36\nalan,41\n");
    Dataset<Row> people = spark.read().option("header", "true").csv("dbfs:/uploads/people.csv");
    assertThat(people.count()).isEqualTo(2);
    assertThat(people.inputFiles()).containsExactly("dbfs:/uploads/people.csv");
  }

  @Test
  void deltaTablesByPathAndByNameLiveUnderDbfs() throws IOException {
    spark.range(0, 5).write().format("delta").save("dbfs:/delta/t");
    spark.sql("INSERT INTO delta.`dbfs:/delta/t` VALUES (5)");
    spark.sql("UPDATE delta.`dbfs:/delta/t` SET id = id + 100 WHERE id = 0");
    assertThat(spark.read().format("delta").load("dbfs:/delta/t").count()).isEqualTo(6);
    assertThat(
            spark
                .read()
                .format("delta")
                .option("versionAsOf", 0)
                .load("dbfs:/delta/t")
                .where("id = 0")
                .count())
        .isEqualTo(1);
    assertThat(filesUnder(root.resolve("delta/t")))
        .contains("_delta_log/00000000000000000000.json", "_delta_log/00000000000000000002.json")
        .noneMatch(f -> f.endsWith(".crc") && !f.startsWith("_delta_log"));

    // The default format is Delta and managed tables go to the DBFS warehouse.
    spark.sql("CREATE TABLE made (id INT, name STRING)");
    spark.sql("INSERT INTO made VALUES (1, 'a'), (2, 'b')");
    spark.range(0, 3).write().saveAsTable("saved");
    assertThat(spark.table("made").count()).isEqualTo(2);
    assertThat(spark.table("saved").count()).isEqualTo(3);
    assertThat(spark.sql("DESCRIBE DETAIL made").select("format", "location").first().toString())
        .isEqualTo("[delta,dbfs:/user/hive/warehouse/made]");
    assertThat(root.resolve("user/hive/warehouse/made/_delta_log")).isDirectory();
    assertThat(root.resolve("user/hive/warehouse/saved/_delta_log")).isDirectory();
  }

  @Test
  void executorsSeeDbfsToo() {
    // Tasks open dbfs:/ paths themselves (not only through Spark's readers).
    spark
        .range(0, 4)
        .selectExpr("CAST(id AS STRING)")
        .repartition(2)
        .write()
        .text("dbfs:/exec/out");
    long lines = spark.sparkContext().textFile("dbfs:/exec/out", 2).count();
    assertThat(lines).isEqualTo(4);
  }
}
