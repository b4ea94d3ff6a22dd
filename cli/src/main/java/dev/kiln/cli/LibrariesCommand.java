package dev.kiln.cli;

import com.databricks.sdk.service.compute.ClusterLibraryStatuses;
import com.databricks.sdk.service.compute.InstallLibraries;
import com.databricks.sdk.service.compute.LibrariesAPI;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.LibraryFullStatus;
import com.databricks.sdk.service.compute.ListAllClusterLibraryStatusesResponse;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.UninstallLibraries;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln libraries}: the Libraries API, with {@code --wait} on install. */
@Command(name = "libraries", description = "Libraries (jars, wheels, PyPI, Maven) on clusters.")
final class LibrariesCommand {
  @ParentCommand Kiln kiln;

  /** The libraries of an install or uninstall: the API's request as JSON, or flags. */
  static final class Request {
    @ArgGroup(multiplicity = "1")
    JsonBody json;

    @ArgGroup(exclusive = false, multiplicity = "1")
    LibraryFlags flags;

    /** The cluster and its libraries, as an install request (uninstall takes the same fields). */
    InstallLibraries read(Kiln kiln) {
      if (json != null) {
        return json.read(InstallLibraries.class, kiln.err);
      }
      return new InstallLibraries().setClusterId(flags.clusterId).setLibraries(flags.libraries());
    }
  }

  /** {@code --wait [--timeout D]} of install. */
  static final class WaitOptions extends WaitTimeout {
    @Option(
        names = "--wait",
        description = "Wait until all are INSTALLED; exit 1 when one FAILED (or was SKIPPED).")
    boolean wait;
  }

  private LibrariesAPI libraries() {
    return kiln.client().libraries();
  }

  @Command(name = "all-cluster-statuses", description = "The libraries of every cluster.")
  void allClusterStatuses() {
    List<ClusterLibraryStatuses> all = new ArrayList<>();
    libraries().allClusterStatuses().forEach(all::add);
    List<List<String>> rows = new ArrayList<>();
    for (ClusterLibraryStatuses c : all) {
      if (c.getLibraryStatuses() != null) {
        c.getLibraryStatuses().forEach(s -> rows.add(LibraryRows.row(c.getClusterId(), s)));
      }
    }
    kiln.output()
        .print(
            new ListAllClusterLibraryStatusesResponse().setStatuses(all),
            LibraryRows.ALL_HEADER,
            rows);
  }

  @Command(name = "cluster-status", description = "The libraries of one cluster.")
  void clusterStatus(@Parameters(paramLabel = "CLUSTER_ID") String clusterId) {
    List<LibraryFullStatus> all = new ArrayList<>();
    libraries().clusterStatus(clusterId).forEach(all::add);
    print(clusterId, all);
  }

  @Command(
      name = "install",
      description = "Install libraries on a cluster (now if it runs, else when it starts).")
  void install(@ArgGroup(multiplicity = "1") Request request, @Mixin WaitOptions wait) {
    InstallLibraries body = request.read(kiln);
    libraries().install(body);
    if (!wait.wait) {
      return;
    }
    String clusterId = body.getClusterId();
    // Libraries of a terminated cluster wait for its start: nothing would end this wait.
    if (kiln.client().clusters().get(clusterId).getState() == State.TERMINATED) {
      throw new CliFailure(
          "cluster "
              + clusterId
              + " is TERMINATED: its libraries install when it starts (kiln clusters start "
              + clusterId
              + ")");
    }
    List<Library> wanted =
        body.getLibraries() == null ? List.of() : new ArrayList<>(body.getLibraries());
    LibraryWaiter waiter =
        new LibraryWaiter(
            libraries(), new StatusLine(kiln.err, kiln.terminal()), Clock.systemUTC());
    print(clusterId, waiter.until(clusterId, wanted, wait.timeout));
  }

  @Command(
      name = "uninstall",
      description = "Uninstall libraries from a cluster (when it next restarts).")
  void uninstall(@ArgGroup(multiplicity = "1") Request request) {
    InstallLibraries body = request.read(kiln);
    libraries()
        .uninstall(
            new UninstallLibraries()
                .setClusterId(body.getClusterId())
                .setLibraries(body.getLibraries()));
  }

  private void print(String clusterId, List<LibraryFullStatus> statuses) {
    List<List<String>> rows = new ArrayList<>();
    statuses.forEach(s -> rows.add(LibraryRows.row(s)));
    kiln.output()
        .print(
            new ClusterLibraryStatuses().setClusterId(clusterId).setLibraryStatuses(statuses),
            LibraryRows.HEADER,
            rows);
  }
}
