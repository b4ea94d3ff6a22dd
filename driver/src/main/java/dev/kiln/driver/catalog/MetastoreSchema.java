package dev.kiln.driver.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.jdo.PersistenceManager;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.ObjectStore;
import org.datanucleus.api.jdo.JDOPersistenceManagerFactory;
import org.datanucleus.store.schema.SchemaAwareStoreManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every table of the Hive metastore before Spark first uses it.
 *
 * <p>Left to itself, DataNucleus creates a table the first time a statement needs it, on a second
 * connection, while the statement's own transaction is open. On PostgreSQL that deadlocks: adding
 * the foreign key of {@code TBL_PRIVS} waits for the lock that the first {@code CREATE TABLE}'s
 * uncommitted insert into {@code TBLS} holds, and that transaction waits for the DDL. So a driver
 * on a PostgreSQL metastore creates the whole schema first, under an advisory lock that keeps
 * drivers starting together from creating the same tables at once. Derby takes the lazy way without
 * harm.
 */
public final class MetastoreSchema {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreSchema.class);
  private static final String HADOOP = "spark.hadoop.";
  private static final String MODEL_PACKAGE = "org.apache.hadoop.hive.metastore.model";
  private static final Pattern PACKAGE = Pattern.compile("<package\\s+name=\"([^\"]+)\"");
  private static final Pattern CLASS = Pattern.compile("<class\\s+name=\"([^\"]+)\"");

  /** Any constant shared by all drivers: the key of the advisory lock. */
  private static final long LOCK_KEY = 0x6b696c6e4d455441L; // "kilnMETA"

  private MetastoreSchema() {}

  /**
   * Prepares the metastore of a session's settings ({@link DataConf#sparkConf}) when it is on
   * PostgreSQL; does nothing otherwise. A failure is logged, not thrown: the cluster still runs and
   * table commands report the metastore's own error.
   */
  public static void prepare(Map<String, String> sparkConf) {
    String url = sparkConf.get(HADOOP + "javax.jdo.option.ConnectionURL");
    if (!"hive".equals(sparkConf.get("spark.sql.catalogImplementation"))
        || url == null
        || !url.startsWith("jdbc:postgresql:")) {
      return;
    }
    long t0 = System.nanoTime();
    Properties login = new Properties();
    putIfSet(login, "user", sparkConf.get(HADOOP + "javax.jdo.option.ConnectionUserName"));
    putIfSet(login, "password", sparkConf.get(HADOOP + "javax.jdo.option.ConnectionPassword"));
    try (Connection lock = DriverManager.getConnection(url, login);
        Statement s = lock.createStatement()) {
      // Session-level: released when this connection closes, even if creation throws.
      s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      create(sparkConf);
      LOG.info(
          "Metastore schema ready on PostgreSQL in {} ms", (System.nanoTime() - t0) / 1_000_000);
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Could not prepare the metastore schema on PostgreSQL", e);
    }
  }

  /**
   * Creates whatever tables, columns and constraints of the metastore are missing, with the same
   * DataNucleus settings Hive's own {@link ObjectStore} uses, so names and types match exactly.
   */
  static void create(Map<String, String> sparkConf) {
    HiveConf conf = new HiveConf();
    sparkConf.forEach(
        (key, value) -> {
          if (key.startsWith(HADOOP)) {
            conf.set(key.substring(HADOOP.length()), value);
          }
        });
    conf.set("datanucleus.schema.autoCreateAll", "true");
    ObjectStore store = new ObjectStore();
    store.setConf(conf);
    PersistenceManager pm = store.getPersistenceManager();
    try {
      JDOPersistenceManagerFactory factory =
          (JDOPersistenceManagerFactory) pm.getPersistenceManagerFactory();
      SchemaAwareStoreManager schema =
          (SchemaAwareStoreManager) factory.getNucleusContext().getStoreManager();
      schema.createSchemaForClasses(modelClasses(), new Properties());
    } finally {
      pm.close();
      store.shutdown();
    }
  }

  /** The persistent classes Hive declares in its {@code package.jdo}. */
  static Set<String> modelClasses() {
    try {
      Enumeration<URL> files = ObjectStore.class.getClassLoader().getResources("package.jdo");
      while (files.hasMoreElements()) {
        String jdo;
        try (InputStream in = files.nextElement().openStream()) {
          jdo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher pkg = PACKAGE.matcher(jdo);
        if (pkg.find() && pkg.group(1).equals(MODEL_PACKAGE)) {
          Set<String> classes = new LinkedHashSet<>();
          Matcher c = CLASS.matcher(jdo);
          while (c.find()) {
            classes.add(MODEL_PACKAGE + "." + c.group(1));
          }
          return classes;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read Hive's package.jdo", e);
    }
    throw new IllegalStateException("Hive's package.jdo is not on the classpath");
  }

  private static void putIfSet(Properties p, String key, String value) {
    if (value != null) {
      p.setProperty(key, value);
    }
  }
}
