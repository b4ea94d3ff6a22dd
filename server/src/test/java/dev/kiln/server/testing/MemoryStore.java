package dev.kiln.server.testing;

import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** A metadata store of its own for one test: in-memory H2 with the schema, under {@code home}. */
public final class MemoryStore {
  private MemoryStore() {}

  public static Database open(Path home, String name) throws IOException {
    KilnConfig d = KilnConfig.defaults(home);
    return Database.open(
        new KilnConfig(
            d.home(),
            d.host(),
            0,
            "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            null,
            null,
            d.dbfsRoot(),
            null,
            d.maxBodyBytes(),
            d.compute()));
  }
}
