package dev.kiln.server.compute;

import dev.kiln.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What starting a process in a {@link NodeSandbox} view takes besides the view itself, for nodes
 * and for the metastore's Derby alike: learning the process' own pid from bubblewrap, and an
 * environment of its own instead of the control plane's.
 */
public final class SandboxLaunch {
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private SandboxLaunch() {}

  /**
   * {@code wrapped} (a {@link NodeSandbox#wrap} command) behind a shell step that opens {@code
   * info} as descriptor 3, where bubblewrap writes the process id ({@link #pid}).
   */
  public static List<String> reportingPid(Path info, List<String> wrapped) {
    List<String> command =
        new ArrayList<>(List.of("/bin/sh", "-c", "exec 3>\"$0\" && exec \"$@\"", info.toString()));
    command.addAll(wrapped);
    return command;
  }

  /**
   * The sandboxed process' own pid as bubblewrap reports it in {@code info} (bubblewrap's stays as
   * its parent).
   *
   * @param what what the process is, for the error message
   */
  public static long pid(Process process, Path info, String what) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(info)) {
        try {
          var json = Json.mapper().readTree(Files.readAllBytes(info));
          if (json.has("child-pid")) {
            return json.get("child-pid").asLong();
          }
        } catch (IOException e) {
          // half written: read again
        }
      }
      if (!process.isAlive()) {
        throw new IOException(
            "The sandbox of " + what + " exited at once (" + process.exitValue() + ")");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IOException("The sandbox of " + what + " did not report its process in time");
  }

  /**
   * The environment every process Kiln starts apart from itself begins with: an allow-list, never
   * the control plane's own variables (they may hold the store's password, tokens, or anything its
   * operator exported).
   *
   * @param user the account it runs as
   * @param home its {@code HOME}
   * @param tmp its {@code TMPDIR}
   */
  public static Map<String, String> environment(String user, Path home, Path tmp) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("LANG", "C.UTF-8");
    env.put("USER", user);
    env.put("LOGNAME", user);
    env.put("HOME", home.toString());
    env.put("TMPDIR", tmp.toString());
    return env;
  }
}
