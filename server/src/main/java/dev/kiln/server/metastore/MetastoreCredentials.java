package dev.kiln.server.metastore;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * The metastore's own user and password, generated at first start and kept in {@code
 * <home>/metastore/credentials} (mode 0600). Clusters get these, never the store's.
 *
 * @param user user name
 * @param password password: letters and digits only, so it can be quoted in SQL as it is
 */
public record MetastoreCredentials(String user, String password) {
  static final String FILE = "credentials";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public String toString() {
    return "MetastoreCredentials[user=" + user + ", password=***]";
  }

  /**
   * The credentials kept in {@code dir} for {@code user}; new ones (a fresh password) when there
   * are none yet or they were for another user.
   */
  static MetastoreCredentials loadOrCreate(Path dir, String user) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      String password = p.getProperty("password");
      if (user.equals(p.getProperty("user")) && password != null && !password.isBlank()) {
        return new MetastoreCredentials(user, password);
      }
    }
    MetastoreCredentials created = new MetastoreCredentials(user, newPassword());
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("Could not create " + tmp, e);
    }
    Properties p = new Properties();
    p.setProperty("user", created.user());
    p.setProperty("password", created.password());
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "The Hive metastore's own credentials (clusters get these; keep mode 0600)");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return created;
  }

  static String newPassword() {
    StringBuilder b = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
