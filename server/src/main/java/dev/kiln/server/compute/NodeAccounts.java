package dev.kiln.server.compute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unprivileged OS accounts nodes run under when the control plane is root: {@code kiln-c1},
 * {@code kiln-c2}, ... of the group {@code kiln-compute}, made on demand and reused. A node's
 * account owns its folder (mode 0700), so no node reads another's folder (its node secret, its
 * cluster's Spark secret, its users' files), and a restarted control plane finds the accounts in
 * use again without a column in the store.
 *
 * <p>Several control planes may share a machine (tests do), so an account is taken under a
 * machine-wide lock and a lease file in {@value #LEASES} names the folder that holds it. An account
 * is free when no process runs under it and its leased folder is gone or no longer its own. When a
 * node of this control plane has stopped, its folder goes back to root and whatever its account
 * still runs (daemons user code left) is killed, which frees the account.
 */
public final class NodeAccounts {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAccounts.class);
  public static final String GROUP = "kiln-compute";
  static final String PREFIX = "kiln-c";
  static final String LEASES = "/var/lib/kiln/accounts";

  /** A node's account. */
  public record Account(String name, int uid, int gid) {}

  private final Path leases;
  private final Map<String, Account> known = new HashMap<>();
  private final Map<String, Account> services = new HashMap<>();
  private int gid = -1;

  public NodeAccounts() {
    this(Path.of(LEASES));
  }

  NodeAccounts(Path leases) {
    this.leases = leases;
  }

  /** The group every node account belongs to (and DBFS files are shared with), made if missing. */
  public synchronized int group() throws IOException {
    if (gid < 0) {
      if (lookup("group", GROUP) == null) {
        run("groupadd", "--system", GROUP);
        LOG.info("Created the group {} for cluster nodes", GROUP);
      }
      gid = Integer.parseInt(lookup("group", GROUP).split(":")[2]);
    }
    return gid;
  }

  /**
   * The account of a service Kiln runs apart from itself (the metastore's Derby): {@code name},
   * with a group of its own, neither a node account nor in the nodes' group. Made if missing.
   */
  public synchronized Account service(String name) throws IOException {
    Account cached = services.get(name);
    if (cached != null) {
      return cached;
    }
    String entry = lookup("passwd", name);
    if (entry == null) {
      entry = createLoginlessAccount(name, "--user-group");
      LOG.info("Created the account {}", name);
    }
    String[] fields = entry.split(":");
    Account account = new Account(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
    services.put(name, account);
    return account;
  }

  /**
   * Gives {@code nodeDir} a free account: the account then owns the folder (mode 0700) and
   * everything in it.
   *
   * @param nodes every node of this control plane's store: the stopped ones give their accounts
   *     back first
   */
  public synchronized Account assign(Path nodeDir, Collection<NodeRow> nodes) throws IOException {
    Files.createDirectories(leases);
    try (FileChannel lock =
        FileChannel.open(
            leases.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock unused = lock.lock(); // released when the channel closes
      release(nodes);
      Set<Integer> running = processOwners();
      for (int n = 1; ; n++) {
        Account account = account(n);
        if (running.contains(account.uid()) || leased(account)) {
          continue;
        }
        Files.writeString(leases.resolve(account.name()), nodeDir.toAbsolutePath().toString());
        handOver(nodeDir, account);
        return account;
      }
    }
  }

  /** Makes {@code dir} and everything in it the account's, the folder itself mode 0700. */
  public void handOver(Path dir, Account account) throws IOException {
    chownTree(dir, account.uid(), account.gid());
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  /** The node account that owns a node's folder, if one does. */
  public synchronized Optional<Account> ownerOf(Path nodeDir) throws IOException {
    Integer uid = uid(nodeDir);
    if (uid == null || uid == 0) {
      return Optional.empty();
    }
    for (Account a : known.values()) {
      if (a.uid() == uid) {
        return Optional.of(a);
      }
    }
    String entry = lookup("passwd", uid.toString());
    if (entry == null || !entry.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(account(Integer.parseInt(entry.substring(PREFIX.length()).split(":")[0])));
  }

  /**
   * Takes back the accounts of this control plane's stopped nodes: kills what they still run and
   * gives their folders (kept for their logs) to root.
   */
  private void release(Collection<NodeRow> nodes) throws IOException {
    for (NodeRow node : nodes) {
      if (node.isLive()) {
        continue;
      }
      Optional<Account> owner = ownerOf(node.path());
      if (owner.isPresent()) {
        List<Long> leftovers = processesOf(owner.get().uid());
        leftovers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (!leftovers.isEmpty()) {
          LOG.info("Killed {} leftover processes of {}", leftovers.size(), owner.get().name());
        }
        chownTree(node.path(), 0, 0);
      }
    }
  }

  /** Whether the account's lease names a folder that is still the account's. */
  private boolean leased(Account account) throws IOException {
    Path lease = leases.resolve(account.name());
    if (!Files.isRegularFile(lease)) {
      return false;
    }
    Integer owner = uid(Path.of(Files.readString(lease).strip()));
    return owner != null && owner == account.uid();
  }

  /** The processes running as {@code uid}. */
  static List<Long> processesOf(int uid) {
    List<Long> pids = new ArrayList<>();
    forEachProcess(
        (pid, owner) -> {
          if (owner == uid) {
            pids.add(pid);
          }
        });
    return pids;
  }

  private static Set<Integer> processOwners() {
    Set<Integer> owners = new HashSet<>();
    forEachProcess((pid, owner) -> owners.add(owner));
    return owners;
  }

  private static void forEachProcess(java.util.function.BiConsumer<Long, Integer> action) {
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : proc) {
        Integer owner = uid(p);
        if (owner != null) {
          action.accept(Long.parseLong(p.getFileName().toString()), owner);
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not scan /proc: {}", e.toString());
    }
  }

  private Account account(int n) throws IOException {
    String name = PREFIX + n;
    Account cached = known.get(name);
    if (cached != null) {
      return cached;
    }
    int group = group();
    String entry = lookup("passwd", name);
    if (entry == null) {
      entry = createLoginlessAccount(name, "--gid", GROUP);
      LOG.info("Created the account {} for cluster nodes", name);
    }
    Account account = new Account(name, Integer.parseInt(entry.split(":")[2]), group);
    known.put(name, account);
    return account;
  }

  /**
   * Makes a system account without a home or a login shell (another control plane may have made it
   * meanwhile); its {@code passwd} entry.
   *
   * @param groupOptions useradd's options for its primary group
   */
  private static String createLoginlessAccount(String name, String... groupOptions)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin"));
    command.addAll(List.of(groupOptions));
    command.add(name);
    run(command.toArray(String[]::new));
    String entry = lookup("passwd", name);
    if (entry == null) {
      throw new IOException("Could not create the account " + name);
    }
    return entry;
  }

  private static Integer uid(Path path) {
    try {
      return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void chownTree(Path dir, int uid, int gid) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          // gone meanwhile
        }
      }
    } catch (UncheckedIOException e) {
      // a file vanished while walking (a node still deleting its scratch files)
      LOG.debug("Walk of {} cut short: {}", dir, e.toString());
    }
  }

  /** The entry of {@code key} in the {@code database} ({@code passwd}, {@code group}), or null. */
  private static String lookup(String database, String key) throws IOException {
    Process p = new ProcessBuilder("getent", database, key).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return waitFor(p) == 0 && !out.isEmpty() ? out : null;
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int code = waitFor(p);
    // Another control plane on this machine may have made it first (exit 9: it exists).
    if (code != 0 && code != 9) {
      throw new IOException(String.join(" ", command) + " failed (" + code + "): " + out);
    }
  }

  private static int waitFor(Process p) throws IOException {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + p.info().commandLine().orElse("?"));
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
