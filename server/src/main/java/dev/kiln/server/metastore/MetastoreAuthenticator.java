package dev.kiln.server.metastore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.derby.authentication.UserAuthenticator;

/**
 * Derby's authentication for this JVM (system-wide, so it also covers databases that do not exist
 * yet): a connection is accepted only to a metastore database this control plane serves, with that
 * database's credentials. Opening any other Derby database through the network server is refused,
 * whatever the credentials. Derby checks a database's creation, and engine-level requests such as
 * shutting the server down, without naming a database: those need the engine's credentials, which
 * live only in this JVM's memory, so only the control plane creates a metastore database.
 */
public final class MetastoreAuthenticator implements UserAuthenticator {
  private static final Map<Path, MetastoreCredentials> DATABASES = new ConcurrentHashMap<>();
  static final MetastoreCredentials ENGINE =
      new MetastoreCredentials("KILN_ENGINE", MetastoreCredentials.newPassword());

  /** Derby builds it by name. */
  public MetastoreAuthenticator() {}

  /** Makes Derby ask this class for every connection in this JVM; before Derby boots. */
  static synchronized void install() {
    System.setProperty("derby.connection.requireAuthentication", "true");
    System.setProperty("derby.authentication.provider", MetastoreAuthenticator.class.getName());
  }

  static void allow(Path database, MetastoreCredentials credentials) {
    DATABASES.put(key(database.toString()), credentials);
  }

  static void forget(Path database) {
    DATABASES.remove(key(database.toString()));
  }

  @Override
  public boolean authenticateUser(
      String userName, String userPassword, String databaseName, Properties info) {
    if (userName == null || userPassword == null) {
      return false;
    }
    if (databaseName == null) {
      return matches(ENGINE, userName, userPassword);
    }
    MetastoreCredentials expected = DATABASES.get(key(databaseName));
    // The engine's credentials too: the control plane creates the database with them.
    return expected != null
        && (matches(expected, userName, userPassword) || matches(ENGINE, userName, userPassword));
  }

  private static boolean matches(MetastoreCredentials expected, String user, String password) {
    // Derby upper-cases unquoted user names.
    return expected.user().equalsIgnoreCase(user)
        && MessageDigest.isEqual(
            expected.password().getBytes(StandardCharsets.UTF_8),
            password.getBytes(StandardCharsets.UTF_8));
  }

  private static Path key(String databaseName) {
    return Path.of(databaseName).toAbsolutePath().normalize();
  }
}
