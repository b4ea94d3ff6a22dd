package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.AutoScale;
import dev.kiln.model.clusters.ClusterDetails;
import dev.kiln.model.clusters.ClusterSize;
import dev.kiln.model.clusters.ClusterSource;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.EventDetails;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.GetEventsRequest;
import dev.kiln.model.clusters.GetEventsResponse;
import dev.kiln.model.clusters.ListClustersResponse;
import dev.kiln.model.clusters.TerminationCode;
import dev.kiln.model.clusters.TerminationReason;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.clusters.ClusterTransitions.Event;
import dev.kiln.server.compute.ComputeIds;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The Clusters API's operations. They only change the desired state in the store (one
 * compare-and-set each) and record events; the {@link ClusterReconciler} does the work.
 */
public final class ClusterService {
  private final ClusterDao clusters;
  private final NodeDao nodes;
  private final ClusterEvents events;
  private final RuntimeCatalog runtimes;
  private final NodeTypeCatalog nodeTypes;
  private final Clock clock;
  private final Runnable wake;
  private final ClusterPools pools;
  private final ClusterTransitions transitions;
  private final ClusterViews views;
  private final ObjectMapper mapper = Json.mapper();

  public ClusterService(
      Jdbi jdbi,
      ClusterEvents events,
      RuntimeCatalog runtimes,
      NodeTypeCatalog nodeTypes,
      Clock clock,
      Runnable wake,
      ClusterPools pools,
      ClusterViews views) {
    this.clusters = jdbi.onDemand(ClusterDao.class);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.events = events;
    this.runtimes = runtimes;
    this.nodeTypes = nodeTypes;
    this.clock = clock;
    this.wake = wake;
    this.pools = pools;
    this.transitions = new ClusterTransitions(jdbi, events, clock);
    this.views = views;
  }

  // ---- lifecycle requests

  public String create(ClusterSpec spec, Principal who, ClusterSource source) {
    ClusterSpec effective = pools.resolve(withDefaults(spec, source), who);
    ClusterSpecValidator.validate(effective, runtimes, nodeTypes);
    long now = clock.millis();
    String id = ComputeIds.clusterId(now);
    ClusterRow row =
        ClusterRow.builder()
            .clusterId(id)
            .clusterName(name(effective))
            .spec(json(effective))
            .source(source.name())
            .creatorUserName(who.userName())
            .state(ClusterState.PENDING)
            .stateMessage("Starting Spark")
            .targetWorkers(initialWorkers(effective))
            .generation(1)
            .sparkContextId(ComputeIds.sparkContextId())
            .sparkSecret(ComputeIds.hex(32))
            .startTime(now)
            .stateSince(now)
            .lastActivityTime(now)
            .createdAt(now)
            .build();
    clusters.insert(row);
    events.record(
        id,
        EventType.CREATING,
        Details.of("user", who.userName(), "cluster_size", size(effective)));
    wake.run();
    return id;
  }

  public void start(String clusterId, Principal who) {
    change(
        clusterId,
        row -> {
          if (row.state() != ClusterState.TERMINATED) {
            throw ClusterTransitions.unexpectedState(row);
          }
          ClusterSpec spec = row.clusterSpec();
          ClusterRow started =
              row.withNewGeneration(ComputeIds.sparkContextId(), clock.millis(), false)
                  .withTargetWorkers(initialWorkers(spec))
                  .withState(ClusterState.PENDING, "Starting Spark", clock.millis());
          return Change.of(started, EventType.STARTING, Details.of("user", who.userName()));
        });
  }

  public void restart(String clusterId, Principal who) {
    change(
        clusterId,
        row -> {
          if (row.state() != ClusterState.RUNNING) {
            return Change.none(); // the documented no-op outside RUNNING
          }
          return Change.of(
              restarting(row, "Restarting Spark"),
              EventType.RESTARTING,
              Details.of("user", who.userName()));
        });
  }

  public void resize(String clusterId, Integer numWorkers, AutoScale autoscale, Principal who) {
    if (numWorkers == null && autoscale == null) {
      throw ApiException.invalid("Either num_workers or autoscale must be given");
    }
    change(
        clusterId,
        row -> {
          if (row.state() != ClusterState.RUNNING && row.state() != ClusterState.RESIZING) {
            throw ClusterTransitions.unexpectedState(row);
          }
          ClusterSpec before = row.clusterSpec();
          ClusterSpec after =
              autoscale != null
                  ? before.withAutoscale(autoscale)
                  : before.withNumWorkers(numWorkers);
          ClusterSpecValidator.validate(after, runtimes, nodeTypes);
          // A new autoscale range keeps the current size where it lies within the range.
          int target =
              autoscale != null
                  ? Math.max(
                      autoscale.minWorkers(), Math.min(autoscale.maxWorkers(), row.targetWorkers()))
                  : initialWorkers(after);
          ClusterRow resized =
              row.withSpec(row.clusterName(), json(after), target)
                  .withState(
                      ClusterState.RESIZING,
                      "Resizing cluster to " + target + " workers",
                      clock.millis());
          return Change.of(
              resized,
              EventType.RESIZING,
              Details.of(
                  "current_num_workers",
                  row.targetWorkers(),
                  "target_num_workers",
                  target,
                  "cluster_size",
                  size(after),
                  "previous_cluster_size",
                  size(before),
                  "user",
                  who.userName(),
                  "cause",
                  "USER_REQUEST"));
        });
  }

  /**
   * {@code clusters/edit}: a running cluster restarts with the new spec; a terminated one keeps it.
   */
  public void edit(String clusterId, ClusterSpec newSpec, Principal who) {
    change(
        clusterId,
        row -> {
          if (ClusterSource.JOB.name().equals(row.source())) {
            throw ApiException.invalid("Job clusters cannot be edited: " + clusterId);
          }
          if (row.state() != ClusterState.RUNNING && row.state() != ClusterState.TERMINATED) {
            throw ClusterTransitions.unexpectedState(row);
          }
          ClusterSpec before = row.clusterSpec();
          ClusterSpec effective =
              pools.resolve(withDefaults(newSpec, ClusterSource.valueOf(row.source())), who);
          ClusterSpecValidator.validate(effective, runtimes, nodeTypes);
          ClusterRow edited =
              row.withSpec(name(effective), json(effective), initialWorkers(effective));
          List<Event> recorded = new ArrayList<>();
          recorded.add(
              new Event(
                  EventType.EDITED,
                  Details.of(
                      "user",
                      who.userName(),
                      "attributes",
                      effective,
                      "previous_attributes",
                      before)));
          if (row.state() == ClusterState.RUNNING) {
            edited = restarting(edited, "Restarting Spark with the edited configuration");
            recorded.add(new Event(EventType.RESTARTING, Details.of("user", who.userName())));
          }
          return new Change(edited, recorded);
        });
  }

  /** {@code clusters/update}: the fields named in the mask, then as {@link #edit}. */
  public void update(String clusterId, String updateMask, ClusterSpec patch, Principal who) {
    if (updateMask == null || updateMask.isBlank()) {
      throw ApiException.invalid("update_mask is required");
    }
    ClusterRow row = existing(clusterId);
    ClusterSpec merged;
    try {
      merged =
          ClusterSpec.merge(
              row.clusterSpec(),
              patch == null ? emptySpec() : patch,
              List.of(updateMask.replace(" ", "").split(",")));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
    edit(clusterId, merged, who);
  }

  public void terminate(String clusterId, Principal who) {
    change(
        clusterId,
        row -> {
          if (row.state() == ClusterState.TERMINATING || row.state() == ClusterState.TERMINATED) {
            return Change.none();
          }
          return terminatingAtRequest(row, who, "Terminating");
        });
  }

  /** TERMINATING at {@code who}'s request; {@code doing} says what ("Terminating", "Deleting"). */
  private Change terminatingAtRequest(ClusterRow row, Principal who, String doing) {
    TerminationReason reason =
        TerminationReason.of(TerminationCode.USER_REQUEST, Map.of("username", who.userName()));
    return Change.of(
        transitions.terminating(row, reason, doing + " at the request of " + who.userName()),
        EventType.TERMINATING,
        Details.of("reason", reason, "user", who.userName()));
  }

  /** Ends a job cluster because its run ended: TERMINATING with the reason JOB_FINISHED. */
  public void terminateFinishedJobCluster(String clusterId) {
    change(
        clusterId,
        row -> {
          if (row.state() == ClusterState.TERMINATING || row.state() == ClusterState.TERMINATED) {
            return Change.none();
          }
          TerminationReason reason = TerminationReason.of(TerminationCode.JOB_FINISHED, Map.of());
          return Change.of(
              transitions.terminating(row, reason, "Job run finished"),
              EventType.TERMINATING,
              Details.of("reason", reason));
        });
  }

  public void permanentDelete(String clusterId, Principal who) {
    change(
        clusterId,
        row -> {
          ClusterRow deleted = row.withDeleted();
          if (row.state() == ClusterState.TERMINATING || row.state() == ClusterState.TERMINATED) {
            return Change.of(deleted);
          }
          return terminatingAtRequest(deleted, who, "Deleting");
        });
  }

  public void pin(String clusterId, boolean pinned, Principal who) {
    requireAdmin(who, pinned ? "pin" : "unpin");
    change(
        clusterId,
        row ->
            row.pinned() == pinned
                ? Change.none()
                : Change.of(
                    row.withPinned(pinned),
                    pinned ? EventType.PINNED : EventType.UNPINNED,
                    Details.of("user", who.userName())));
  }

  public void changeOwner(String clusterId, String ownerUserName, Principal who) {
    requireAdmin(who, "change the owner of");
    ApiException.required(ownerUserName, "owner_username");
    change(
        clusterId,
        row -> {
          if (row.state() != ClusterState.TERMINATED) {
            throw ClusterTransitions.unexpectedState(row);
          }
          return Change.of(row.withOwner(ownerUserName));
        });
  }

  /** Records activity on a cluster (a command ran), which holds off auto-termination. */
  public void touch(String clusterId) {
    change(clusterId, row -> Change.of(row.withActivity(clock.millis())));
  }

  /** The driver node of a running cluster, for calls into its Spark. */
  public NodeRow runningDriver(String clusterId) {
    ClusterRow row = existing(clusterId);
    if (row.state() != ClusterState.RUNNING && row.state() != ClusterState.RESIZING) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "Cluster " + clusterId + " is not running (it is " + row.state() + ")");
    }
    return nodes.liveOf(clusterId).stream()
        .filter(
            n -> n.isDriver() && n.state() == NodeState.UP && n.generation() == row.generation())
        .findFirst()
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "The driver of cluster " + clusterId + " is not reachable"));
  }

  // ---- reads

  public ClusterDetails get(String clusterId) {
    return views.details(existing(clusterId));
  }

  public ListClustersResponse list(ClusterListQuery query) {
    return views.list(query);
  }

  public GetEventsResponse events(GetEventsRequest request) {
    existing(ApiException.required(request.clusterId(), "cluster_id"));
    return events.page(request);
  }

  public ClusterRow existing(String clusterId) {
    ApiException.required(clusterId, "cluster_id");
    return clusters
        .byId(clusterId)
        .filter(r -> !r.deleted())
        .orElseThrow(() -> ApiException.notFound("Cluster " + clusterId + " does not exist"));
  }

  public List<NodeRow> nodes(String clusterId) {
    existing(clusterId);
    return nodes.ofCluster(clusterId);
  }

  private ClusterRow restarting(ClusterRow row, String message) {
    return row.withNewGeneration(ComputeIds.sparkContextId(), clock.millis(), true)
        .withState(ClusterState.RESTARTING, message, clock.millis());
  }

  /** The worker count a cluster starts with: autoscaling ones start at their minimum. */
  static int initialWorkers(ClusterSpec spec) {
    if (spec.autoscale() != null && spec.autoscale().minWorkers() != null) {
      return spec.autoscale().minWorkers();
    }
    return spec.numWorkers() == null ? 0 : spec.numWorkers();
  }

  private ClusterSpec withDefaults(ClusterSpec spec, ClusterSource source) {
    ClusterSpec s = spec.withClusterSource(source);
    if (s.autoterminationMinutes() == null && source != ClusterSource.JOB) {
      s = s.withAutoterminationMinutes(120);
    }
    return s;
  }

  private static ClusterSpec emptySpec() {
    return Json.mapper().convertValue(Map.of(), ClusterSpec.class);
  }

  private static String name(ClusterSpec spec) {
    return spec.clusterName() == null ? "" : spec.clusterName();
  }

  private static ClusterSize size(ClusterSpec spec) {
    return new ClusterSize(
        spec.autoscale() == null ? initialWorkers(spec) : null, spec.autoscale());
  }

  // ---- the compare-and-set loop

  /** The new row (or null for no change) and the events that record it. */
  record Change(ClusterRow row, List<Event> events) {
    static Change none() {
      return new Change(null, List.of());
    }

    static Change of(ClusterRow row) {
      return new Change(row, List.of());
    }

    static Change of(ClusterRow row, EventType type, EventDetails details) {
      return new Change(row, List.of(new Event(type, details)));
    }
  }

  private void change(String clusterId, Function<ClusterRow, Change> decide) {
    for (int attempt = 0; attempt < 20; attempt++) {
      ClusterRow row = existing(clusterId);
      Change change = decide.apply(row);
      if (change.row() == null) {
        return;
      }
      if (transitions.write(row, change.row(), change.events())) {
        wake.run();
        return;
      }
    }
    throw new ApiException(
        ErrorCode.TEMPORARILY_UNAVAILABLE, "Cluster " + clusterId + " is changing; try again");
  }

  private static void requireAdmin(Principal who, String what) {
    if (!who.admin()) {
      throw ApiException.denied("Only admins can " + what + " clusters");
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<ClusterRow> find(String clusterId) {
    return clusters.byId(clusterId);
  }
}
