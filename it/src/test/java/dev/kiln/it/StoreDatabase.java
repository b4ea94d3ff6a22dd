package dev.kiln.it;

import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A metadata store of its own for a test of the store's statements, migrated like the server's: H2
 * in memory, or a fresh database on the test PostgreSQL server in the suite's second pass.
 */
final class StoreDatabase {
  private StoreDatabase() {}

  static Database open(Path home) throws IOException, SQLException {
    KilnConfig d = KilnConfig.defaults(home);
    String url =
        TestStore.isPostgres()
            ? TestStore.freshPostgresUrl()
            : "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return Database.open(d.withDbUrl(url));
  }
}
