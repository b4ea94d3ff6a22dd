package dev.kiln.cli;

import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterEvent;
import com.databricks.sdk.service.compute.ClustersAPI;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreateClusterResponse;
import com.databricks.sdk.service.compute.EditCluster;
import com.databricks.sdk.service.compute.EventType;
import com.databricks.sdk.service.compute.GetEvents;
import com.databricks.sdk.service.compute.GetEventsOrder;
import com.databricks.sdk.service.compute.GetSparkVersionsResponse;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.ListNodeTypesResponse;
import com.databricks.sdk.service.compute.NodeType;
import com.databricks.sdk.service.compute.ResizeCluster;
import com.databricks.sdk.service.compute.RestartCluster;
import com.databricks.sdk.service.compute.SparkVersion;
import com.databricks.sdk.service.compute.State;
import dev.kiln.cli.ClusterWaiter.Goal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code kiln clusters}: the Clusters API, with {@code --wait} on the long operations. */
@Command(name = "clusters", description = "Spark clusters.", subcommands = ClusterLogsCommand.class)
final class ClustersCommand {
  @ParentCommand Kiln kiln;

  /** {@code --wait [--timeout D]} of the long operations. */
  static final class WaitOptions extends WaitTimeout {
    @Option(
        names = "--wait",
        description = "Wait for the cluster: RUNNING (TERMINATED for delete).")
    boolean wait;
  }

  private ClustersAPI clusters() {
    return kiln.client().clusters();
  }

  @Command(name = "create", description = "Create a cluster from its JSON spec; prints its ID.")
  void create(@ArgGroup(multiplicity = "1") JsonBody json, @Mixin WaitOptions wait) {
    CreateClusterResponse created =
        clusters().create(json.read(CreateCluster.class, kiln.err)).getResponse();
    String id = created.getClusterId();
    if (!waited(id, Goal.RUNNING, wait)) {
      kiln.output().print(created, null, List.of(List.of(id)));
    } else if (!kiln.output().json()) {
      kiln.out.println(id);
    }
  }

  @Command(name = "edit", description = "Replace a cluster's spec (a running one restarts).")
  void edit(
      @Parameters(
              paramLabel = "CLUSTER_ID",
              arity = "0..1",
              description = "Or cluster_id in the JSON.")
          String clusterId,
      @ArgGroup(multiplicity = "1") JsonBody json,
      @Mixin WaitOptions wait) {
    EditCluster spec = json.read(EditCluster.class, kiln.err);
    if (clusterId != null) {
      spec.setClusterId(clusterId);
    }
    if (spec.getClusterId() == null) {
      throw new CliFailure("no cluster: give CLUSTER_ID or cluster_id in the JSON");
    }
    clusters().edit(spec);
    // A terminated cluster stays terminated after an edit: nothing to wait for.
    if (wait.wait && clusters().get(spec.getClusterId()).getState() == State.TERMINATED) {
      kiln.err.println(spec.getClusterId() + ": TERMINATED (edited; start it to run)");
      return;
    }
    waited(spec.getClusterId(), Goal.RUNNING, wait);
  }

  @Command(name = "list", description = "List clusters.")
  void list() {
    List<ClusterDetails> all = new ArrayList<>();
    // The SDK follows next_page_token.
    clusters().list(new ListClustersRequest()).forEach(all::add);
    List<List<String>> rows = new ArrayList<>();
    all.forEach(c -> rows.add(ClusterRows.listRow(c)));
    kiln.output().print(all, ClusterRows.LIST_HEADER, rows);
  }

  @Command(name = "get", description = "Show one cluster.")
  void get(@Parameters(paramLabel = "CLUSTER_ID") String clusterId) {
    ClusterDetails c = clusters().get(clusterId);
    kiln.output().print(c, null, ClusterRows.details(c));
  }

  @Command(name = "start", description = "Start a terminated cluster.")
  void start(@Parameters(paramLabel = "CLUSTER_ID") String clusterId, @Mixin WaitOptions wait) {
    clusters().start(clusterId);
    waited(clusterId, Goal.RUNNING, wait);
  }

  @Command(name = "restart", description = "Restart a running cluster.")
  void restart(@Parameters(paramLabel = "CLUSTER_ID") String clusterId, @Mixin WaitOptions wait) {
    clusters().restart(new RestartCluster().setClusterId(clusterId));
    waited(clusterId, Goal.RUNNING, wait);
  }

  /** Exactly one new size. */
  static final class Size {
    @Option(names = "--num-workers", paramLabel = "N", description = "A fixed number of workers.")
    Long numWorkers;

    @Option(
        names = "--autoscale",
        paramLabel = "MIN:MAX",
        converter = AutoScales.class,
        description = "Autoscale between MIN and MAX workers.")
    AutoScale autoscale;
  }

  @Command(name = "resize", description = "Change a running cluster's number of workers.")
  void resize(
      @Parameters(paramLabel = "CLUSTER_ID") String clusterId,
      @ArgGroup(multiplicity = "1") Size size,
      @Mixin WaitOptions wait) {
    clusters()
        .resize(
            new ResizeCluster()
                .setClusterId(clusterId)
                .setNumWorkers(size.numWorkers)
                .setAutoscale(size.autoscale));
    waited(clusterId, Goal.RUNNING, wait);
  }

  @Command(name = "delete", description = "Terminate a cluster (it can be started again).")
  void delete(@Parameters(paramLabel = "CLUSTER_ID") String clusterId, @Mixin WaitOptions wait) {
    clusters().delete(clusterId);
    waited(clusterId, Goal.TERMINATED, wait);
  }

  @Command(name = "permanent-delete", description = "Terminate a cluster and remove it for good.")
  void permanentDelete(@Parameters(paramLabel = "CLUSTER_ID") String clusterId) {
    clusters().permanentDelete(clusterId);
  }

  @Command(name = "pin", description = "Keep a cluster in the list after it terminates.")
  void pin(@Parameters(paramLabel = "CLUSTER_ID") String clusterId) {
    clusters().pin(clusterId);
  }

  @Command(name = "unpin", description = "Undo pin.")
  void unpin(@Parameters(paramLabel = "CLUSTER_ID") String clusterId) {
    clusters().unpin(clusterId);
  }

  @Command(name = "events", description = "A cluster's events (newest first by default).")
  void events(
      @Parameters(paramLabel = "CLUSTER_ID") String clusterId,
      @Option(names = "--limit", paramLabel = "N", description = "At most N events.") Long limit,
      @Option(names = "--order", paramLabel = "ASC|DESC", description = "ASC or DESC.")
          GetEventsOrder order,
      @Option(names = "--type", paramLabel = "TYPE", description = "Only these types (repeatable).")
          List<EventType> types) {
    GetEvents request =
        new GetEvents().setClusterId(clusterId).setOrder(order).setEventTypes(types);
    if (limit != null) {
      request.setLimit(Math.min(limit, 500));
    }
    List<ClusterEvent> events = new ArrayList<>();
    for (ClusterEvent e : clusters().events(request)) {
      if (limit != null && events.size() >= limit) {
        break;
      }
      events.add(e);
    }
    List<List<String>> rows = new ArrayList<>();
    events.forEach(e -> rows.add(ClusterRows.eventRow(e)));
    kiln.output().print(events, ClusterRows.EVENT_HEADER, rows);
  }

  @Command(name = "list-node-types", description = "Node types clusters can use.")
  void listNodeTypes() {
    ListNodeTypesResponse types = clusters().listNodeTypes();
    List<List<String>> rows = new ArrayList<>();
    List<NodeType> all =
        types.getNodeTypes() == null ? List.of() : new ArrayList<>(types.getNodeTypes());
    for (NodeType t : all) {
      rows.add(
          List.of(
              Output.text(t.getNodeTypeId()),
              Output.text(t.getNumCores()),
              Output.text(t.getMemoryMb()),
              Output.text(t.getDescription())));
    }
    kiln.output().print(types, List.of("Node Type", "Cores", "Memory MB", "Description"), rows);
  }

  @Command(name = "spark-versions", description = "Runtimes clusters can use.")
  void sparkVersions() {
    GetSparkVersionsResponse versions = clusters().sparkVersions();
    List<List<String>> rows = new ArrayList<>();
    if (versions.getVersions() != null) {
      for (SparkVersion v : versions.getVersions()) {
        rows.add(List.of(Output.text(v.getKey()), Output.text(v.getName())));
      }
    }
    kiln.output().print(versions, List.of("Key", "Name"), rows);
  }

  /**
   * With {@code --wait}, waits for {@code goal} and prints the cluster as JSON in JSON mode;
   * answers whether it waited.
   */
  private boolean waited(String clusterId, Goal goal, WaitOptions wait) {
    if (!wait.wait) {
      return false;
    }
    ClusterDetails done = kiln.waiter().until(clusterId, goal, wait.timeout);
    if (kiln.output().json()) {
      kiln.output().printJson(done);
    }
    return true;
  }

  /** Reads {@code MIN:MAX}. */
  static final class AutoScales implements ITypeConverter<AutoScale> {
    @Override
    public AutoScale convert(String value) {
      String[] parts = value.split(":", -1);
      try {
        if (parts.length == 2) {
          long min = Long.parseLong(parts[0].trim());
          long max = Long.parseLong(parts[1].trim());
          if (min >= 0 && max >= min) {
            return new AutoScale().setMinWorkers(min).setMaxWorkers(max);
          }
        }
      } catch (NumberFormatException e) {
        // fall through to the usage error
      }
      throw new TypeConversionException("'" + value + "' is not MIN:MAX (e.g. 1:4)");
    }
  }
}
