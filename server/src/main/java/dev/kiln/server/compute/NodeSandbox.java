package dev.kiln.server.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The private view of the file system a node runs in (bubblewrap): the machine's system files
 * read-only, Kiln's home and the control plane's user home replaced by empty folders, and in them
 * only what the node is given on purpose: its own folder and DBFS (read-write), the runtime and the
 * executor class data archives (read-only). {@code /tmp} is the node's own {@code tmp} folder.
 * Under {@link Isolation#ACCOUNTS} the node then drops to its account with {@code setpriv}; under
 * {@link Isolation#SANDBOX} it gets user and PID namespaces of its own instead.
 *
 * <p>Every node process starts with umask 007: what it writes in DBFS is its group's ({@code
 * kiln-compute}), so the nodes of every cluster share DBFS while their folders stay their own.
 */
public final class NodeSandbox {
  /** The process name the node's shell step shows, before it becomes the node's JVM. */
  static final String SHELL_NAME = "kiln-node";

  private final Isolation isolation;
  private final Set<Path> hidden = new TreeSet<>();
  private final Map<Path, Boolean> shared = new LinkedHashMap<>();

  /**
   * @param isolation {@link Isolation#ACCOUNTS} or {@link Isolation#SANDBOX}
   * @param kilnHome the control plane's home, hidden from nodes
   * @param userHome the control plane's OS user's home, hidden from nodes
   * @param dbfsRoot DBFS, shared read-write with every node
   * @param readOnly folders every node reads: the runtime, class data archives
   */
  public NodeSandbox(
      Isolation isolation, Path kilnHome, Path userHome, Path dbfsRoot, List<Path> readOnly) {
    if (isolation == Isolation.NONE) {
      throw new IllegalArgumentException("no sandbox without isolation");
    }
    this.isolation = isolation;
    hidden.add(abs(kilnHome));
    if (userHome != null && !userHome.toString().isEmpty() && !abs(userHome).equals(Path.of("/"))) {
      hidden.add(abs(userHome));
    }
    for (Path p : readOnly) {
      shared.put(abs(p), false);
    }
    shared.put(abs(dbfsRoot), true);
  }

  /**
   * The command that runs {@code command} for the node of {@code nodeDir} in its view, as {@code
   * account} (null under {@link Isolation#SANDBOX}). File descriptor 3 must be open for writing:
   * bubblewrap writes the node's process id there as JSON ({@code child-pid}).
   */
  public List<String> wrap(Path nodeDir, NodeAccounts.Account account, List<String> command) {
    Path node = abs(nodeDir);
    Map<Path, Boolean> binds = new LinkedHashMap<>(shared);
    binds.put(node, true);
    List<String> args = new ArrayList<>(List.of("bwrap", "--ro-bind", "/", "/"));
    args.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm"));
    for (Path h : hiddenRoots(binds.keySet())) {
      args.addAll(List.of("--tmpfs", h.toString()));
    }
    binds.entrySet().stream()
        .filter(e -> Files.exists(e.getKey()))
        .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(Path::getNameCount)))
        .forEach(
            e ->
                args.addAll(
                    List.of(
                        e.getValue() ? "--bind" : "--ro-bind",
                        e.getKey().toString(),
                        e.getKey().toString())));
    args.addAll(List.of("--bind", node.resolve("tmp").toString(), "/tmp"));
    args.addAll(List.of("--chdir", node.toString(), "--info-fd", "3"));
    if (isolation == Isolation.SANDBOX) {
      // Its own PID namespace: the node sees no other process (nor the control plane's memory in
      // /proc), and whatever it leaves behind dies with it.
      args.addAll(List.of("--unshare-user", "--unshare-pid", "--as-pid-1"));
    }
    args.add("--");
    if (account != null) {
      args.addAll(
          List.of(
              "setpriv",
              "--reuid=" + account.uid(),
              "--regid=" + account.gid(),
              "--clear-groups",
              "--inh-caps=-all",
              "--bounding-set=-all",
              "--no-new-privs"));
    }
    args.addAll(List.of("/bin/sh", "-c", "umask 007 && exec \"$@\"", SHELL_NAME));
    args.addAll(command);
    return args;
  }

  /**
   * What the view replaces by empty folders: Kiln's home, the user's home, and each folder on the
   * way to a given path that others may not pass (a node account could not reach it otherwise).
   */
  Set<Path> hiddenRoots(Set<Path> given) {
    Set<Path> roots = new TreeSet<>(hidden);
    for (Path p : given) {
      Path prefix = Path.of("/");
      for (Path part : p) {
        prefix = prefix.resolve(part);
        if (prefix.equals(p)) {
          break;
        }
        if (!passable(prefix)) {
          roots.add(prefix);
          break;
        }
      }
    }
    // A folder inside another hidden one is hidden with it.
    Set<Path> outermost = new TreeSet<>();
    for (Path r : roots) {
      if (roots.stream().noneMatch(o -> !o.equals(r) && r.startsWith(o))) {
        outermost.add(r);
      }
    }
    return outermost;
  }

  private static boolean passable(Path dir) {
    try {
      return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
