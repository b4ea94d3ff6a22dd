package dev.kiln.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kiln.server.config.KilnConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The metadata store: a connection pool, the schema migrated by Flyway (migrations shared by both
 * databases in {@code db/migration/common}, dialect-specific ones beside it), and Jdbi on top.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
  }

  /** Opens the store of {@code config} and brings its schema up to date. */
  public static Database open(KilnConfig config) throws java.io.IOException {
    if (!config.isPostgres() && config.dbUrl().startsWith("jdbc:h2:file:")) {
      Files.createDirectories(Path.of(config.home().toString(), "db"));
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.dbUrl());
    hikari.setUsername(config.dbUser());
    hikari.setPassword(config.dbPassword());
    hikari.setMaximumPoolSize(16);
    hikari.setPoolName("kiln-store");
    HikariDataSource ds = new HikariDataSource(hikari);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations(
              "classpath:db/migration/common",
              "classpath:db/migration/" + (config.isPostgres() ? "postgresql" : "h2"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
