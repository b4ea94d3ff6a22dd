package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view a node runs in: what it hides, what it shares, and whom it runs as. */
class NodeSandboxTest {
  @TempDir Path tmp;

  @org.junit.jupiter.api.BeforeEach
  void passable() throws Exception {
    // JUnit's temporary folder is 0700: every folder above a given path must be passable here.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  NodeSandbox sandbox(Isolation isolation) {
    return new NodeSandbox(
        isolation,
        tmp.resolve("home"),
        tmp.resolve("user"),
        tmp.resolve("home/dbfs"),
        List.of(tmp.resolve("runtime")));
  }

  @Test
  void hidesKilnsHomeAndTheUsersHomeAndBindsOnlyWhatTheNodeIsGiven() throws Exception {
    Files.createDirectories(tmp.resolve("home/dbfs"));
    Files.createDirectories(tmp.resolve("home/clusters/c/i/tmp"));
    Files.createDirectories(tmp.resolve("runtime"));
    Files.createDirectories(tmp.resolve("user"));
    Path node = tmp.resolve("home/clusters/c/i");
    List<String> args =
        sandbox(Isolation.ACCOUNTS)
            .wrap(node, new NodeAccounts.Account("kiln-c1", 991, 990), List.of("java", "-version"));
    String line = String.join(" ", args);
    assertThat(line).startsWith("bwrap --ro-bind / / ");
    assertThat(line).contains("--tmpfs " + tmp.resolve("home") + " ");
    assertThat(line).contains("--tmpfs " + tmp.resolve("user") + " ");
    assertThat(line)
        .contains("--bind " + tmp.resolve("home/dbfs") + " " + tmp.resolve("home/dbfs"));
    assertThat(line).contains("--bind " + node + " " + node);
    assertThat(line).contains("--ro-bind " + tmp.resolve("runtime") + " " + tmp.resolve("runtime"));
    assertThat(line.indexOf("--tmpfs /tmp ")).isLessThan(line.indexOf("--tmpfs " + tmp));
    // Hidden first, then the binds inside them: bubblewrap applies them in order.
    assertThat(line.indexOf("--tmpfs " + tmp.resolve("home")))
        .isLessThan(line.indexOf("--bind " + node));
    assertThat(line)
        .contains("-- setpriv --reuid=991 --regid=990 --clear-groups")
        .contains("--no-new-privs")
        .endsWith("/bin/sh -c umask 007 && exec \"$@\" kiln-node java -version");
    assertThat(args).doesNotContain("--unshare-user");
  }

  @Test
  void aUserHomeThatDoesNotExistIsNotMountedOver() throws Exception {
    // A service account's home is often /nonexistent: bubblewrap cannot make a mount point for
    // it in the read-only root, and there is nothing there to hide.
    Files.createDirectories(tmp.resolve("home/clusters/c/i/tmp"));
    String line =
        String.join(
            " ",
            sandbox(Isolation.SANDBOX)
                .wrap(tmp.resolve("home/clusters/c/i"), null, List.of("java")));
    assertThat(line)
        .contains("--tmpfs " + tmp.resolve("home") + " ")
        .doesNotContain(tmp.resolve("user").toString());
  }

  @Test
  void anUnprivilegedControlPlaneGivesNodesTheirOwnUserAndPidNamespaces() throws Exception {
    Files.createDirectories(tmp.resolve("home/clusters/c/i/tmp"));
    List<String> args =
        sandbox(Isolation.SANDBOX).wrap(tmp.resolve("home/clusters/c/i"), null, List.of("java"));
    assertThat(args).contains("--unshare-user", "--unshare-pid").doesNotContain("setpriv");
  }

  @Test
  void aFolderOthersCannotPassOnTheWayToAGivenPathIsHiddenToo() throws Exception {
    Path closed = tmp.resolve("closed");
    Files.createDirectories(closed.resolve("runtime"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    NodeSandbox s =
        new NodeSandbox(
            Isolation.ACCOUNTS, tmp.resolve("home"), null, tmp.resolve("home/dbfs"), List.of());
    Set<Path> hidden = s.hiddenRoots(Set.of(closed.resolve("runtime"), tmp.resolve("home/dbfs")));
    assertThat(hidden).contains(closed, tmp.resolve("home"));
    // Nested hidden folders go with their outermost one.
    assertThat(s.hiddenRoots(Collections.emptySet())).containsExactly(tmp.resolve("home"));
  }

  @Test
  void aServiceViewShowsOnlyItsBindsAndHasItsOwnPidsUnderAccountsToo() throws Exception {
    Path own = tmp.resolve("home/metastore/derby");
    Files.createDirectories(own);
    Files.createDirectories(tmp.resolve("home/metastore/control"));
    Files.createDirectories(tmp.resolve("home/dbfs"));
    NodeSandbox s =
        new NodeSandbox(
            Isolation.ACCOUNTS,
            tmp.resolve("home"),
            tmp.resolve("user"),
            java.util.Map.of(own, true, tmp.resolve("home/metastore/control"), false),
            true);
    List<String> args =
        s.wrap(own, new NodeAccounts.Account("kiln-metastore", 981, 981), List.of("java"));
    String line = String.join(" ", args);
    assertThat(line).contains("--tmpfs " + tmp.resolve("home") + " ");
    assertThat(line).contains("--bind " + own + " " + own);
    assertThat(line)
        .contains(
            "--ro-bind "
                + tmp.resolve("home/metastore/control")
                + " "
                + tmp.resolve("home/metastore/control"));
    assertThat(line).doesNotContain(tmp.resolve("home/dbfs").toString());
    assertThat(args).contains("--unshare-pid", "--as-pid-1").doesNotContain("--unshare-user");
    assertThat(line).contains("setpriv --reuid=981 --regid=981");
    // Nodes under accounts keep the machine's PID namespace (the control plane finds them by tag).
    assertThat(
            sandbox(Isolation.ACCOUNTS)
                .wrap(
                    tmp.resolve("home/clusters/c/i"),
                    new NodeAccounts.Account("kiln-c1", 991, 990),
                    List.of("java")))
        .doesNotContain("--unshare-pid");
  }

  @Test
  void thereIsNoSandboxWithoutIsolation() {
    assertThatThrownBy(() -> sandbox(Isolation.NONE)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isolationSettings() {
    assertThat(Isolation.parse("auto", true)).isEqualTo(Isolation.ACCOUNTS);
    assertThat(Isolation.parse(null, false)).isEqualTo(Isolation.SANDBOX);
    assertThat(Isolation.parse(" Accounts ", false)).isEqualTo(Isolation.ACCOUNTS);
    assertThat(Isolation.parse("sandbox", true)).isEqualTo(Isolation.SANDBOX);
    assertThat(Isolation.parse("none", true)).isEqualTo(Isolation.NONE);
    assertThatThrownBy(() -> Isolation.parse("off", true))
        .hasMessageContaining("compute.isolation must be auto, accounts, sandbox or none");
  }

  @Test
  void rootIsTheEffectiveUidOfThisProcessNotTheOwnerOfProcSelf() {
    // /proc/self is a link root owns whoever looks: an unprivileged Kiln was taken for root.
    assertThat(Isolation.effectiveUid(List.of("Name:\tjava", "Uid:\t1000\t0\t0\t0"))).isZero();
    assertThat(Isolation.effectiveUid(List.of("Uid:\t0\t994\t994\t994"))).isEqualTo(994);
    assertThat(Isolation.runningAsRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
  }

  @Test
  void nodesGetAnAllowListedEnvironment() {
    var env =
        LocalCompute.nodeEnvironment(
            tmp.resolve("n"), new NodeAccounts.Account("kiln-c3", 993, 990), true);
    assertThat(env.keySet())
        .containsExactlyInAnyOrder(
            "PATH", "LANG", "USER", "LOGNAME", "HOME", "TMPDIR", "SPARK_LOCAL_DIRS", "SPARK_USER");
    assertThat(env).containsEntry("USER", "kiln-c3");
    // Spark's user is one name on every node of a cluster, whichever account runs each.
    assertThat(env).containsEntry("SPARK_USER", "kiln");
    assertThat(
            LocalCompute.nodeEnvironment(
                tmp.resolve("m"), new NodeAccounts.Account("kiln-c4", 994, 990), true))
        .containsEntry("SPARK_USER", "kiln");
    assertThat(env.get("TMPDIR")).isEqualTo(tmp.resolve("n/tmp").toString());
    assertThat(env.get("HOME")).isEqualTo(tmp.resolve("n/home").toString());
  }
}
