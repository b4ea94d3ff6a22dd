package dev.kiln.server.store;

import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Workspace-wide values kept in the store, such as the workspace id. */
public final class Settings {
  private final Jdbi jdbi;

  public Settings(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<String> get(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT setting_value FROM settings WHERE setting_name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne());
  }

  /** The value of {@code name}, created from {@code initial} the first time it is asked for. */
  public String getOrCreate(String name, Supplier<String> initial) {
    return jdbi.inTransaction(
        h -> {
          Optional<String> existing =
              h.createQuery("SELECT setting_value FROM settings WHERE setting_name = :name")
                  .bind("name", name)
                  .mapTo(String.class)
                  .findOne();
          if (existing.isPresent()) {
            return existing.get();
          }
          String value = initial.get();
          h.createUpdate(
                  "INSERT INTO settings (setting_name, setting_value) VALUES (:name, :value)")
              .bind("name", name)
              .bind("value", value)
              .execute();
          return value;
        });
  }
}
