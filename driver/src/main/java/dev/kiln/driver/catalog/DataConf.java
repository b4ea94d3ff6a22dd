package dev.kiln.driver.catalog;

import dev.kiln.driver.fs.DbfsFileSystem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Spark settings that give a cluster its data: {@code dbfs:/} in every Spark API, Delta Lake as
 * the default table format under {@code dbfs:/user/hive/warehouse}, and the Hive metastore shared
 * by all clusters. The control plane puts them in every node's spark conf (users' keys win); the
 * driver's tests use the very same map. Plain Java, so the control plane needs no Spark to use it.
 */
public final class DataConf {
  public static final String WAREHOUSE = "dbfs:/user/hive/warehouse";

  private DataConf() {}

  /**
   * The metastore database drivers connect to.
   *
   * @param url JDBC URL
   * @param driverClass JDBC driver class name, present in the Kiln Runtime
   * @param user user name, or null
   * @param password password, or null
   * @param directSql whether Hive may use its direct SQL (off for PostgreSQL, where a failed direct
   *     query aborts the transaction it runs in)
   */
  public record Metastore(
      String url, String driverClass, String user, String password, boolean directSql) {
    public Metastore {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(driverClass, "driverClass");
    }
  }

  /** Delta's snapshot partitions for a cluster: twice its worker cores, at least 2. */
  public static int snapshotPartitions(int workerCores) {
    return Math.max(2, 2 * workerCores);
  }

  /**
   * The file system classes by name: the control plane builds this conf without Hadoop on its
   * classpath, so it must not load them.
   */
  static final String FILE_SYSTEM = "dev.kiln.driver.fs.DbfsFileSystem";

  static final String ABSTRACT_FILE_SYSTEM = "dev.kiln.driver.fs.DbfsAbstractFileSystem";

  /**
   * The settings, in a stable order.
   *
   * @param dbfsRoot absolute path of the DBFS folder
   * @param metastore the shared metastore; null keeps Spark's in-memory catalog (no Hive)
   * @param workerCores the cluster's worker cores, to size Delta's snapshot partitions
   */
  public static Map<String, String> sparkConf(
      String dbfsRoot, Metastore metastore, int workerCores) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.dbfs.impl", FILE_SYSTEM);
    conf.put("spark.hadoop.fs.AbstractFileSystem.dbfs.impl", ABSTRACT_FILE_SYSTEM);
    conf.put("spark.hadoop." + DbfsFileSystem.ROOT_KEY, dbfsRoot);
    conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.put("spark.sql.sources.default", "delta");
    conf.put("spark.sql.warehouse.dir", WAREHOUSE);
    // Every cluster's nodes write DBFS under accounts of one group: what one writes, the others
    // may change (Hadoop sets a file's mode itself, so the process umask alone is not enough).
    conf.put("spark.hadoop.fs.permissions.umask-mode", "007");
    conf.put(
        "spark.databricks.delta.snapshotPartitions",
        Integer.toString(snapshotPartitions(workerCores)));
    if (metastore != null) {
      conf.put("spark.sql.catalogImplementation", "hive");
      conf.put("spark.sql.hive.metastore.version", "2.3.10");
      conf.put("spark.sql.hive.metastore.jars", "builtin");
      conf.put("spark.hadoop.javax.jdo.option.ConnectionURL", metastore.url());
      conf.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", metastore.driverClass());
      if (metastore.user() != null) {
        conf.put("spark.hadoop.javax.jdo.option.ConnectionUserName", metastore.user());
      }
      if (metastore.password() != null) {
        conf.put("spark.hadoop.javax.jdo.option.ConnectionPassword", metastore.password());
      }
      conf.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
      conf.put("spark.hadoop.hive.metastore.schema.verification", "false");
      conf.put(
          "spark.hadoop.hive.metastore.try.direct.sql", Boolean.toString(metastore.directSql()));
    }
    return conf;
  }
}
