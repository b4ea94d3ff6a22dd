package dev.kiln.server.libraries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.libraries.ClusterLibraryStatuses;
import dev.kiln.model.libraries.Library;
import dev.kiln.model.libraries.LibraryFullStatus;
import dev.kiln.model.libraries.LibraryInstallStatus;
import dev.kiln.model.libraries.ListAllClusterLibraryStatusesResponse;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.clusters.ClusterRow;
import dev.kiln.server.clusters.ClusterService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The Libraries API's operations and the jobs' view of cluster libraries. Requests only change the
 * stored wishes (a row per cluster and library); the {@link LibraryInstaller} installs them on the
 * running driver, and again on each new one.
 */
public final class LibrariesService implements ClusterLibraries {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final ClusterLibraryDao dao;
  private final ClusterService clusters;
  private final Clock clock;
  private final Runnable wake;
  private static final ObjectMapper MAPPER = Json.mapper();
  private final StatusChanges changes;

  /**
   * @param wake asks the installer for a pass soon
   * @param changes where the installer says that statuses changed
   */
  public LibrariesService(
      Jdbi jdbi, ClusterService clusters, Clock clock, Runnable wake, StatusChanges changes) {
    this.dao = jdbi.onDemand(ClusterLibraryDao.class);
    this.clusters = clusters;
    this.clock = clock;
    this.wake = wake;
    this.changes = changes;
  }

  // ---- requests

  /**
   * Records the libraries as wanted on the cluster (all checked first: one bad library changes
   * nothing). A library asked for again stays as it is, except that a failed one is tried again and
   * one marked for uninstall is kept after all.
   */
  @Override
  public void install(String clusterId, List<Library> libraries) {
    ClusterRow cluster = clusters.existing(clusterId);
    for (LibrarySpec spec : specs(libraries)) {
      Optional<LibraryRow> found = dao.find(clusterId, spec.key());
      if (found.isEmpty()) {
        Optional<String> unsupported = spec.unsupported();
        try {
          dao.insert(
              clusterId,
              spec.key(),
              spec.canonicalJson(),
              (unsupported.isPresent() ? LibraryInstallStatus.FAILED : LibraryInstallStatus.PENDING)
                  .name(),
              unsupported.map(m -> json(List.of(m))).orElse(null),
              cluster.generation(),
              clock.millis());
          continue;
        } catch (StatementException e) {
          // Asked for at the same moment by another request: then it is there now.
          found = dao.find(clusterId, spec.key());
          if (found.isEmpty()) {
            throw e;
          }
        }
      }
      LibraryRow row = found.get();
      if (row.uninstallRequested()) {
        dao.requestUninstall(row.id(), false, clock.millis());
      }
      if (row.status() == LibraryInstallStatus.FAILED && spec.unsupported().isEmpty()) {
        dao.move(
            row.id(),
            row.status().name(),
            row.generation(),
            LibraryInstallStatus.PENDING.name(),
            null,
            row.generation(),
            clock.millis());
      }
    }
    changes.announce();
    wake.run();
  }

  /**
   * Marks installed libraries for removal at the cluster's next restart (UNINSTALL_ON_RESTART); one
   * no driver has (the cluster is not running, or it is not installed yet) goes at once. Libraries
   * the cluster does not have are ignored.
   */
  public void uninstall(String clusterId, List<Library> libraries) {
    ClusterRow cluster = clusters.existing(clusterId);
    boolean running =
        cluster.state() == ClusterState.RUNNING || cluster.state() == ClusterState.RESIZING;
    for (LibrarySpec spec : specs(libraries)) {
      Optional<LibraryRow> found = dao.find(clusterId, spec.key());
      if (found.isEmpty()) {
        continue;
      }
      LibraryRow row = found.get();
      boolean onDriver =
          running
              && LibraryLifecycle.current(row, cluster.state(), cluster.generation())
              && row.status() != LibraryInstallStatus.PENDING
              && row.status() != LibraryInstallStatus.FAILED;
      if (onDriver) {
        dao.requestUninstall(row.id(), true, clock.millis());
      } else {
        dao.delete(row.id());
      }
    }
    changes.announce();
  }

  // ---- reads

  public ClusterLibraryStatuses clusterStatus(String clusterId) {
    ClusterRow cluster = clusters.existing(clusterId);
    return new ClusterLibraryStatuses(clusterId, statuses(cluster, dao.ofCluster(clusterId)));
  }

  /** Every cluster that has libraries, in cluster id order. */
  public ListAllClusterLibraryStatusesResponse allClusterStatuses() {
    Map<String, List<LibraryRow>> byCluster = new LinkedHashMap<>();
    for (LibraryRow row : dao.all()) {
      byCluster.computeIfAbsent(row.clusterId(), id -> new ArrayList<>()).add(row);
    }
    List<ClusterLibraryStatuses> all = new ArrayList<>();
    byCluster.forEach(
        (clusterId, rows) -> {
          Optional<ClusterRow> cluster = cluster(clusterId);
          if (cluster.isPresent()) {
            List<LibraryFullStatus> statuses = statuses(cluster.get(), rows);
            if (!statuses.isEmpty()) {
              all.add(new ClusterLibraryStatuses(clusterId, statuses));
            }
          }
        });
    return new ListAllClusterLibraryStatusesResponse(all);
  }

  private List<LibraryFullStatus> statuses(ClusterRow cluster, List<LibraryRow> rows) {
    List<LibraryFullStatus> statuses = new ArrayList<>();
    for (LibraryRow row : rows) {
      LibrarySpec spec = LibrarySpec.of(LibrarySpec.read(row.library()));
      Optional<String> unsupported = spec.unsupported();
      LibraryLifecycle.shown(row, unsupported.isPresent(), cluster.state(), cluster.generation())
          .ifPresent(
              status -> {
                List<String> messages =
                    status == LibraryInstallStatus.FAILED ? messages(row) : List.of();
                if (status == LibraryInstallStatus.FAILED && messages.isEmpty()) {
                  messages = unsupported.map(List::of).orElse(List.of());
                }
                statuses.add(
                    new LibraryFullStatus(
                        spec.library(), status, messages.isEmpty() ? null : messages, false));
              });
    }
    return statuses;
  }

  // ---- waiting (the jobs' side)

  @Override
  public List<Failure> awaitInstalled(String clusterId, List<Library> libraries, Duration timeout)
      throws InterruptedException {
    List<LibrarySpec> specs = specs(libraries);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<ClusterRow> found = cluster(clusterId);
      if (found.isEmpty()) {
        return failAll(specs, "Cluster " + clusterId + " does not exist");
      }
      ClusterRow cluster = found.get();
      if (!cluster.state().isActive() || cluster.state() == ClusterState.TERMINATING) {
        return failAll(specs, "Cluster " + clusterId + " is " + cluster.state());
      }
      List<Failure> failures = new ArrayList<>();
      Map<LibrarySpec, LibraryInstallStatus> waiting = new LinkedHashMap<>();
      for (LibrarySpec spec : specs) {
        Optional<LibraryRow> row = dao.find(clusterId, spec.key());
        if (row.isEmpty()) {
          failures.add(
              new Failure(
                  spec.library(), spec.describe() + " was not asked for on cluster " + clusterId));
          continue;
        }
        LibraryInstallStatus status =
            LibraryLifecycle.shown(
                    row.get(),
                    spec.unsupported().isPresent(),
                    cluster.state(),
                    cluster.generation())
                .orElse(LibraryInstallStatus.PENDING);
        switch (status) {
          case INSTALLED, UNINSTALL_ON_RESTART -> {}
          case FAILED -> {
            List<String> messages = messages(row.get());
            failures.add(
                new Failure(
                    spec.library(),
                    messages.isEmpty()
                        ? spec.unsupported().orElse(spec.describe() + " failed")
                        : String.join("\n", messages)));
          }
          default -> waiting.put(spec, status);
        }
      }
      long left = deadline - System.nanoTime();
      if (waiting.isEmpty() || left <= 0) {
        // Whatever still waits at the deadline counts as failed.
        waiting.forEach(
            (spec, status) ->
                failures.add(
                    new Failure(
                        spec.library(),
                        spec.describe() + " is still " + status + " after " + human(timeout))));
        return failures;
      }
      changes.await(Math.min(500, left / 1_000_000));
    }
  }

  // ---- helpers

  private Optional<ClusterRow> cluster(String clusterId) {
    try {
      return Optional.of(clusters.existing(clusterId));
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  /** Every library checked and canonical, duplicates dropped; the first bad one fails the call. */
  static List<LibrarySpec> specs(List<Library> libraries) {
    ApiException.required(libraries, "libraries");
    Map<String, LibrarySpec> specs = new LinkedHashMap<>();
    for (int i = 0; i < libraries.size(); i++) {
      try {
        LibrarySpec spec = LibrarySpec.of(libraries.get(i));
        specs.putIfAbsent(spec.key(), spec);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("libraries[" + i + "]: " + e.getMessage());
      }
    }
    return List.copyOf(specs.values());
  }

  private static String human(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }

  private static List<Failure> failAll(List<LibrarySpec> specs, String message) {
    return specs.stream().map(s -> new Failure(s.library(), message)).toList();
  }

  List<String> messages(LibraryRow row) {
    if (row.messages() == null) {
      return List.of();
    }
    try {
      return MAPPER.readValue(row.messages(), STRINGS);
    } catch (JsonProcessingException e) {
      return List.of(row.messages());
    }
  }

  /** Messages as stored in a library row. */
  static String json(List<String> messages) {
    try {
      return MAPPER.writeValueAsString(messages);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
