package dev.kiln.server.compute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder every node account reads and writes (DBFS): POSIX ACLs give the nodes' group read and
 * write on it and, by default, on everything made in it later, whoever makes it (the control plane
 * through the DBFS API, any cluster's node) and whatever its umask. Nodes also write with umask 007
 * and Hadoop's umask 007, so the group bits they set keep the ACL's mask open.
 */
public final class SharedFolder {
  private static final Logger LOG = LoggerFactory.getLogger(SharedFolder.class);

  private SharedFolder() {}

  /** Shares {@code dir} with {@code group}; walks the tree only the first time. */
  public static void share(Path dir, String group, int gid) throws IOException {
    String entry = "group:" + group + ":rwx";
    String acl = run(List.of("getfacl", "--absolute-names", "--omit-header", dir.toString()));
    if (acl.contains("default:" + entry)) {
      return;
    }
    long started = System.nanoTime();
    run(
        List.of(
            "setfacl",
            "-R",
            "-m",
            "g:" + group + ":rwX,d:g:" + group + ":rwX,m::rwx,d:m::rwx",
            dir.toString()));
    LOG.info(
        "Shared {} with the group {} (gid {}) in {} ms",
        dir,
        group,
        gid,
        (System.nanoTime() - started) / 1_000_000);
  }

  private static String run(List<String> command) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          command.get(0) + " is missing: install the acl package (./kiln start does)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }
}
