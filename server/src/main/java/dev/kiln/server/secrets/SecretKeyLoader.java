package dev.kiln.server.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key that seals secrets, which is kept outside the database so that a copy of the
 * database alone reveals nothing: the configured {@code secrets.key} (base64 of 32 bytes), else the
 * file {@code <home>/secrets.key}, created at first start and readable only by its owner.
 */
public final class SecretKeyLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SecretKeyLoader.class);
  static final String FILE_NAME = "secrets.key";

  private SecretKeyLoader() {}

  /**
   * The key bytes; fails with a message naming where the key came from when it is malformed.
   *
   * @param configured the {@code secrets.key} setting, or null
   */
  public static byte[] load(String configured, Path home) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return decode(configured, "the secrets.key setting (KILN_SECRETS_KEY)");
    }
    Path file = home.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      create(file);
    } else if (Files.getPosixFilePermissions(file).stream().anyMatch(SecretKeyLoader::isShared)) {
      LOG.warn("{} can be read by other users; make it readable only by its owner (0600)", file);
    }
    return decode(Files.readString(file, StandardCharsets.US_ASCII), "the key file " + file);
  }

  static byte[] decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + " is not valid base64; it must hold 32 random bytes in base64", e);
    }
    if (key.length != SecretCipher.KEY_BYTES) {
      throw new IllegalArgumentException(
          source
              + " must hold "
              + SecretCipher.KEY_BYTES
              + " bytes (an AES-256 key) in base64, but it holds "
              + key.length);
    }
    return key;
  }

  /** Written under a temporary name and moved into place, so a crash never leaves half a key. */
  private static void create(Path file) throws IOException {
    byte[] key = new byte[SecretCipher.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    LOG.info(
        "Created the key that encrypts secrets at rest: {} (back it up with the database)", file);
  }

  private static boolean isShared(PosixFilePermission p) {
    return Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE)
        .contains(p);
  }
}
