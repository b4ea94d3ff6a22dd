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
 *
 * <p>It belongs to the runtime, not to a control plane: it lives in the runtime's folder, so every
 * control plane on the machine (every home) that runs this runtime shares one, written once. A
 * runtime folder the control plane may not write (an unprivileged control plane on a shared
 * install) keeps its archive under the home instead. Nodes only ever read it.
 */
public final class ExecutorArchive {
  /** The folder of the archives, in the runtime's folder or under Kiln's home. */
  public static final String FOLDER = "cds";

  private ExecutorArchive() {}

  /**
   * {@code <runtime>/cds/executor-<fingerprint>.jsa}, or {@code <home>/cds/<runtime
   * key>/executor-<fingerprint>.jsa} when the runtime's folder is not writable.
   */
  public static Path of(Path home, KilnRuntime runtime) {
    Path folder =
        Files.isWritable(runtime.home())
            ? runtime.home().resolve(FOLDER)
            : home.resolve(FOLDER).resolve(runtime.key());
    return folder.resolve("executor-" + fingerprint(runtime.home().resolve("jars")) + ".jsa");
  }

  /** Removes the archives beside {@code current} that older runtimes or JDKs left. */
  public static void removeStale(Path current) throws IOException {
    try (Stream<Path> files = Files.list(current.getParent())) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("executor-") && name.endsWith(".jsa") && !f.equals(current)) {
          Files.deleteIfExists(f);
        }
      }
    }
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
