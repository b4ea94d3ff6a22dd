package dev.kiln.server.metastore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Properties;
import org.apache.derby.authentication.UserAuthenticator;

/**
 * Derby's authentication in the metastore's own JVM ({@link DerbyMain}), system-wide so it also
 * covers databases that do not exist yet: a connection is accepted only to the metastore database,
 * with its credentials. Opening any other Derby database through the network server is refused,
 * whatever the credentials. Derby checks a database's creation, and engine-level requests such as
 * shutting the server down, without naming a database: those need the engine's credentials, which
 * live only in that JVM's memory, so only {@link DerbyMain} itself creates the metastore database.
 */
public final class MetastoreAuthenticator implements UserAuthenticator {
  static final MetastoreCredentials ENGINE =
      new MetastoreCredentials("KILN_ENGINE", MetastoreCredentials.newPassword());
  private static volatile Path database;
  private static volatile MetastoreCredentials credentials;

  /** Derby builds it by name. */
  public MetastoreAuthenticator() {}

  /**
   * Makes Derby ask this class for every connection in this JVM, to {@code database} only and with
   * {@code credentials}; before Derby boots.
   */
  static synchronized void install(Path database, MetastoreCredentials credentials) {
    MetastoreAuthenticator.database = key(database.toString());
    MetastoreAuthenticator.credentials = credentials;
    System.setProperty("derby.connection.requireAuthentication", "true");
    System.setProperty("derby.authentication.provider", MetastoreAuthenticator.class.getName());
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
    Path served = database;
    MetastoreCredentials expected = credentials;
    // The engine's credentials too: the metastore's JVM creates the database with them.
    return served != null
        && served.equals(key(databaseName))
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
