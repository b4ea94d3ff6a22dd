package dev.kiln.server.compute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where the class data archive of a runtime's executors lives. A JVM uses such an archive only with
 * the very jars (names, sizes, times) and JDK it was written with, and silently ignores it
 * otherwise; so the file is named after a fingerprint of both: a rebuilt runtime or another JDK
 * gets a new archive written rather than a stale one ignored forever.
 */
public final class ExecutorArchive {
  /**
   * The folder of the archives, under Kiln's home (nodes read it, only the control plane writes).
   */
  public static final String FOLDER = "cds";

  private ExecutorArchive() {}

  /** {@code <home>/cds/<runtime key>/executor-<fingerprint>.jsa}. */
  public static Path of(Path home, KilnRuntime runtime) {
    return home.resolve(FOLDER)
        .resolve(runtime.key())
        .resolve("executor-" + fingerprint(runtime.home().resolve("jars")) + ".jsa");
  }

  /** A digest of the jars' names, sizes and times, and of this JDK and its base archive. */
  static String fingerprint(Path jars) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      if (Files.isDirectory(jars)) {
        try (Stream<Path> files = Files.list(jars)) {
          for (Path jar : files.sorted().toList()) {
            add(digest, jar);
          }
        }
      }
      Path javaHome = Path.of(System.getProperty("java.home"));
      digest.update(System.getProperty("java.vm.version", "").getBytes(StandardCharsets.UTF_8));
      add(digest, javaHome.resolve("lib/server/classes.jsa"));
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(MessageDigest digest, Path file) throws IOException {
    digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    if (Files.isRegularFile(file)) {
      digest.update(
          (Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis() + ";")
              .getBytes(StandardCharsets.UTF_8));
    }
  }
}
