package dev.kiln.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The multipart put made by curl, for reference: a C client streaming the file shows what the
 * server does when the client costs next to nothing. Not a goal; the bench's own client is.
 */
final class Curl {
  private Curl() {}

  /** Whether a {@code curl} is on the PATH. */
  static boolean installed() {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "curl")));
  }

  /**
   * {@code put} of {@code file} to {@code path}, overwriting, as {@code curl -F} sends it; fails
   * unless the server answers 200. {@code answer} receives the server's answer.
   */
  static void put(String url, String token, Path file, String path, Path answer)
      throws IOException {
    // Headers from a file keep the token off the command line; "Expect:" skips the 100-continue.
    Path headers = answer.resolveSibling("curl-headers.txt");
    Files.writeString(headers, "Authorization: Bearer " + token + "\nExpect:\n");
    Process curl =
        new ProcessBuilder(
                "curl",
                "-sS",
                "-o",
                answer.toString(),
                "-w",
                "%{http_code}",
                "-H",
                "@" + headers,
                "-F",
                "path=" + path,
                "-F",
                "overwrite=True",
                "-F",
                "file=@" + file,
                url)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!curl.waitFor(5, TimeUnit.MINUTES)) {
        curl.destroyForcibly();
        throw new IOException("curl took over 5 minutes");
      }
      if (curl.exitValue() != 0 || !status.equals("200")) {
        throw new IOException(
            "curl exited with "
                + curl.exitValue()
                + ", HTTP "
                + status
                + ": "
                + (Files.exists(answer) ? Files.readString(answer) : ""));
      }
    } catch (InterruptedException e) {
      curl.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while curl ran", e);
    } finally {
      Files.deleteIfExists(headers);
    }
  }
}
