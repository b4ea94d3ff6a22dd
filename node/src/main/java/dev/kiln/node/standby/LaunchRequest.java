package dev.kiln.node.standby;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An executor launch as the launcher script ({@code java.sh}) sends it to a standby: its pid, its
 * working folder, the command line after {@code java}, and its environment. On the wire: the line
 * {@code kiln-standby <token>}, lines for the pid, folder and argument count, the arguments each
 * ending in NUL, then the environment's {@code NAME=value} entries each ending in NUL and one empty
 * entry.
 */
record LaunchRequest(String token, long pid, Path dir, List<String> args, Map<String, String> env) {
  private static final int LIMIT = 1 << 20;

  static LaunchRequest read(InputStream in) throws IOException {
    String hello = field(in, '\n');
    if (!hello.startsWith("kiln-standby ")) {
      throw new IOException("not a launch request");
    }
    String token = hello.substring("kiln-standby ".length());
    long pid;
    int count;
    Path dir;
    try {
      pid = Long.parseLong(field(in, '\n'));
      dir = Path.of(field(in, '\n'));
      count = Integer.parseInt(field(in, '\n'));
    } catch (NumberFormatException e) {
      throw new IOException("malformed launch request: " + e.getMessage(), e);
    }
    if (count < 0 || count > 10_000) {
      throw new IOException("malformed launch request: " + count + " arguments");
    }
    List<String> args = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      args.add(field(in, '\0'));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry = field(in, '\0'); !entry.isEmpty(); entry = field(in, '\0')) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return new LaunchRequest(token, pid, dir, List.copyOf(args), Map.copyOf(env));
  }

  private static String field(InputStream in, char end) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != end; b = in.read()) {
      if (b < 0) {
        throw new EOFException("launch request cut short");
      }
      if (bytes.size() >= LIMIT) {
        throw new IOException("launch request field too long");
      }
      bytes.write(b);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
