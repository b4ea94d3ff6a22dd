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
  private final boolean ownPids;

  /**
   * @param isolation {@link Isolation#ACCOUNTS} or {@link Isolation#SANDBOX}
   * @param kilnHome the control plane's home, hidden from nodes
   * @param userHome the control plane's OS user's home, hidden from nodes
   * @param dbfsRoot DBFS, shared read-write with every node
   * @param readOnly folders every node reads: the runtime, class data archives
   */
  public NodeSandbox(
      Isolation isolation, Path kilnHome, Path userHome, Path dbfsRoot, List<Path> readOnly) {
    this(isolation, kilnHome, userHome, binds(dbfsRoot, readOnly), isolation == Isolation.SANDBOX);
  }

  /**
   * The same view for another process Kiln runs apart from itself (the metastore's Derby): Kiln's
   * home and the user's home hidden, and in them only {@code binds}.
   *
   * @param binds what the process sees besides the system's files: path, whether read-write
   * @param ownPids a PID namespace of its own under {@link Isolation#ACCOUNTS} too: it sees no
   *     other process, and no other process of its account reaches it
   */
  public NodeSandbox(
      Isolation isolation,
      Path kilnHome,
      Path userHome,
      Map<Path, Boolean> binds,
      boolean ownPids) {
    if (isolation == Isolation.NONE) {
      throw new IllegalArgumentException("no sandbox without isolation");
    }
    this.isolation = isolation;
    this.ownPids = ownPids || isolation == Isolation.SANDBOX;
    hidden.add(abs(kilnHome));
    if (userHome != null && !userHome.toString().isEmpty() && !abs(userHome).equals(Path.of("/"))) {
      hidden.add(abs(userHome));
    }
    binds.forEach((p, writable) -> shared.put(abs(p), writable));
  }

  private static Map<Path, Boolean> binds(Path dbfsRoot, List<Path> readOnly) {
    Map<Path, Boolean> binds = new LinkedHashMap<>();
    for (Path p : readOnly) {
      binds.put(p, false);
    }
    binds.put(dbfsRoot, true);
    return binds;
  }

  /**
   * The command that runs {@code command} for the node of {@code nodeDir} in its view, as {@code
   * account} (null under {@link Isolation#SANDBOX}). File descriptor 3 must be open for writing:
   * bubblewrap writes the node's process id there as JSON ({@code child-pid}).
   */
  public List<String> wrap(Path nodeDir, NodeAccounts.Account account, List<String> command) {
    return wrap(nodeDir, account, command, Map.of());
  }

  /**
   * As {@link #wrap(Path, NodeAccounts.Account, List)}, with folders of the node's own shown in
   * place of shared ones ({@code overlays}: where, to what of the node's).
   */
  public List<String> wrap(
      Path nodeDir, NodeAccounts.Account account, List<String> command, Map<Path, Path> overlays) {
    Path node = abs(nodeDir);
    Map<Path, Boolean> binds = new LinkedHashMap<>(shared);
    binds.put(node, true);
    List<String> args = new ArrayList<>(List.of("bwrap", "--ro-bind", "/", "/"));
    // A /tmp of its own first: Kiln's own folders may be under /tmp, so they are mounted after.
    args.addAll(
        List.of(
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--tmpfs",
            "/dev/shm",
            "--perms",
            "1777",
            "--tmpfs",
            "/tmp"));
    Set<Path> roots = hiddenRoots(binds.keySet());
    for (Path h : roots) {
      // A home that does not exist (a service account's /nonexistent) has nothing to hide, and
      // bubblewrap could not make its mount point in the read-only root.
      if (Files.isDirectory(h)) {
        args.addAll(List.of("--tmpfs", h.toString()));
      }
    }
    // The folders on the way to each bind inside an empty one: passable (bubblewrap would make
    // them 0700 root's, and a node account could not reach its own folder).
    Set<Path> empty = new TreeSet<>(roots);
    empty.add(Path.of("/tmp"));
    Set<Path> ways =
        new TreeSet<>(Comparator.comparingInt(Path::getNameCount).thenComparing(p -> p));
    for (Path bind : binds.keySet()) {
      for (Path up = bind.getParent(); up != null; up = up.getParent()) {
        Path dir = up;
        if (empty.stream().anyMatch(e -> dir.startsWith(e) && !dir.equals(e))) {
          ways.add(dir);
        }
      }
    }
    for (Path dir : ways) {
      args.addAll(List.of("--perms", "0755", "--dir", dir.toString()));
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
    overlays.forEach(
        (where, own) -> args.addAll(List.of("--bind", abs(own).toString(), abs(where).toString())));
    args.addAll(List.of("--chdir", node.toString(), "--info-fd", "3"));
    if (isolation == Isolation.SANDBOX) {
      args.add("--unshare-user");
    }
    if (ownPids) {
      // Its own PID namespace: the process sees no other (nor the control plane's memory in
      // /proc), and whatever it leaves behind dies with it.
      args.addAll(List.of("--unshare-pid", "--as-pid-1"));
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

  /**
   * What nodes read besides Kiln's own folders: the JDK, and the Python installation a runtime's
   * venv was made from ({@code home} in its {@code pyvenv.cfg}); either may live in a folder nodes
   * cannot otherwise reach (a pyenv under root's home).
   */
  public static List<Path> toolchains(Path runtimeDir) {
    List<Path> paths = new ArrayList<>();
    paths.add(Path.of(System.getProperty("java.home")));
    Path cfg = runtimeDir.resolve("python/venv/pyvenv.cfg");
    try {
      for (String line : Files.readAllLines(cfg)) {
        String[] kv = line.split("=", 2);
        if (kv.length == 2 && kv[0].strip().equals("home")) {
          Path bin = Path.of(kv[1].strip());
          paths.add(bin.getParent() != null ? bin.getParent() : bin);
        }
      }
    } catch (IOException e) {
      // no venv: Python contexts say so themselves
    }
    String python = System.getenv("KILN_PYTHON");
    if (python != null && !python.isBlank()) {
      paths.add(Path.of(python).toAbsolutePath().getParent());
    }
    return paths;
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
