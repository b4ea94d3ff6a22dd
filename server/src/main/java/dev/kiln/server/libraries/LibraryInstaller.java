package dev.kiln.server.libraries;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.libraries.LibraryInstallStatus;
import dev.kiln.model.node.libraries.NodeLibraries;
import dev.kiln.model.node.libraries.NodeLibrary;
import dev.kiln.model.node.libraries.NodeLibraryState;
import dev.kiln.model.node.libraries.NodeLibraryStates;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.clusters.ClusterRow;
import dev.kiln.server.clusters.ClusterService;
import dev.kiln.server.compute.NodeClient;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.reconcile.ReconcileLoop;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs each cluster's wanted libraries on its running driver, in passes like the cluster
 * reconciler's: each step for a cluster reads the stored libraries and the cluster, brings the rows
 * up to the cluster's generation, hands the PENDING ones to the driver ({@code POST /libraries}:
 * files staged into the driver's folder first) and copies the driver's progress ({@code GET
 * /libraries}) into the store. Nothing is kept in memory: after a control-plane restart the next
 * pass asks the driver where it is, and a new driver (restart) gets everything again.
 */
public final class LibraryInstaller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LibraryInstaller.class);
  public static final Duration TICK = Duration.ofMillis(500);

  private final ClusterLibraryDao dao;
  private final ClusterService clusters;
  private final StatusChanges changes;
  private final LibraryFiles files;
  private final Path cacheDir;
  private final Clock clock;
  private final NodeClient client = new NodeClient();
  private final ObjectMapper mapper = Json.mapper();
  private final ReconcileLoop<String> loop;

  /**
   * @param cacheDir where drivers keep downloads shared by the machine's clusters; null: each
   *     driver keeps its own
   * @param tick how often a pass runs
   */
  public LibraryInstaller(
      Jdbi jdbi,
      ClusterService clusters,
      StatusChanges changes,
      DbfsService dbfs,
      WorkspaceService workspace,
      Path cacheDir,
      Clock clock,
      Duration tick) {
    this.dao = jdbi.onDemand(ClusterLibraryDao.class);
    this.clusters = clusters;
    this.changes = changes;
    this.files = new LibraryFiles(dbfs, workspace);
    this.cacheDir = cacheDir;
    this.clock = clock;
    this.loop = new ReconcileLoop<>("library", tick, 2, dao::clusterIds, id -> id, this::step);
  }

  public void start() {
    loop.start();
  }

  /** Runs a pass soon, e.g. after libraries were asked for. */
  public void wake() {
    loop.wake();
  }

  /** One step for one cluster. */
  void step(String clusterId) {
    Optional<ClusterRow> found = cluster(clusterId);
    if (found.isEmpty()) {
      return;
    }
    ClusterRow cluster = found.get();
    if (!cluster.state().isActive() || cluster.state() == ClusterState.TERMINATING) {
      // No driver: what was marked for uninstall is gone; the next start resets the rest.
      boolean changed = false;
      for (LibraryRow row : dao.ofCluster(clusterId)) {
        if (row.uninstallRequested()) {
          dao.delete(row.id());
          changed = true;
        }
      }
      if (changed) {
        changes.announce();
      }
      return;
    }
    boolean changed = catchUp(cluster, dao.ofCluster(clusterId));
    if (cluster.state() == ClusterState.RUNNING || cluster.state() == ClusterState.RESIZING) {
      NodeRow driver;
      try {
        driver = clusters.runningDriver(clusterId);
      } catch (ApiException e) {
        driver = null; // between states; the reconciler deals with a lost driver
      }
      if (driver != null && driver.generation() == cluster.generation()) {
        changed |= send(cluster, driver);
        changed |= follow(cluster, driver);
      }
    }
    if (changed) {
      changes.announce();
    }
  }

  /** Rows of an older generation: marked ones go, the others wait for the new driver. */
  private boolean catchUp(ClusterRow cluster, List<LibraryRow> rows) {
    boolean changed = false;
    for (LibraryRow row : rows) {
      switch (LibraryLifecycle.catchUp(row, cluster.generation())) {
        case KEEP -> {}
        case DELETE -> {
          dao.delete(row.id());
          changed = true;
        }
        case RESET -> {
          boolean unsupported = spec(row).unsupported().isPresent();
          changed |=
              dao.move(
                  row.id(),
                  row.status().name(),
                  row.generation(),
                  (unsupported ? LibraryInstallStatus.FAILED : LibraryInstallStatus.PENDING).name(),
                  unsupported ? row.messages() : null,
                  cluster.generation(),
                  clock.millis());
        }
      }
    }
    return changed;
  }

  /** Hands the PENDING libraries to the driver. */
  private boolean send(ClusterRow cluster, NodeRow driver) {
    List<NodeLibrary> batch = new ArrayList<>();
    Map<String, LibraryRow> sent = new HashMap<>();
    boolean changed = false;
    for (LibraryRow row : dao.ofCluster(cluster.clusterId())) {
      if (row.status() != LibraryInstallStatus.PENDING
          || row.uninstallRequested()
          || row.generation() != cluster.generation()) {
        continue;
      }
      LibrarySpec spec = spec(row);
      try {
        batch.add(nodeLibrary(row, spec, driver));
        sent.put(row.libraryKey(), row);
      } catch (LibraryFiles.StagingFailure e) {
        changed |= move(row, LibraryInstallStatus.FAILED, e.getMessage());
      }
    }
    if (batch.isEmpty()) {
      return changed;
    }
    Optional<NodeLibraryStates> answer =
        call(
            driver,
            "POST",
            new NodeLibraries(batch, cacheDir == null ? null : cacheDir.toString()));
    if (answer.isPresent()) {
      for (NodeLibraryState state : answer.get().libraries()) {
        LibraryRow row = sent.get(state.id());
        if (row != null) {
          changed |= apply(row, state);
        }
      }
    }
    return changed;
  }

  /** Copies the driver's progress on libraries being resolved or installed. */
  private boolean follow(ClusterRow cluster, NodeRow driver) {
    List<LibraryRow> busy =
        dao.ofCluster(cluster.clusterId()).stream()
            .filter(
                r ->
                    r.generation() == cluster.generation()
                        && (r.status() == LibraryInstallStatus.RESOLVING
                            || r.status() == LibraryInstallStatus.INSTALLING))
            .toList();
    if (busy.isEmpty()) {
      return false;
    }
    Optional<NodeLibraryStates> answer = call(driver, "GET", null);
    if (answer.isEmpty()) {
      return false;
    }
    Map<String, NodeLibraryState> states = new HashMap<>();
    answer.get().libraries().forEach(s -> states.put(s.id(), s));
    boolean changed = false;
    for (LibraryRow row : busy) {
      NodeLibraryState state = states.get(row.libraryKey());
      // A driver that does not know the library never got it: send it again.
      changed |= state == null ? move(row, LibraryInstallStatus.PENDING, null) : apply(row, state);
    }
    return changed;
  }

  private boolean apply(LibraryRow row, NodeLibraryState state) {
    LibraryInstallStatus next;
    try {
      next = LibraryInstallStatus.valueOf(state.status());
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warn("Driver answered an unknown library status {}", state.status());
      return false;
    }
    if (next == row.status() || !row.status().canMoveTo(next)) {
      return false;
    }
    return move(row, next, next == LibraryInstallStatus.FAILED ? state.message() : null);
  }

  private boolean move(LibraryRow row, LibraryInstallStatus next, String message) {
    return dao.move(
        row.id(),
        row.status().name(),
        row.generation(),
        next.name(),
        message == null ? null : LibrariesService.json(List.of(message)),
        row.generation(),
        clock.millis());
  }

  private NodeLibrary nodeLibrary(LibraryRow row, LibrarySpec spec, NodeRow driver)
      throws LibraryFiles.StagingFailure {
    var library = spec.library();
    String file = spec.file();
    String local = null;
    if (file != null) {
      Path dir = driver.path().resolve("libraries").resolve("staged").resolve(row.libraryKey());
      local = files.stage(file, dir).toString();
      LibraryFiles.ownLikeNode(driver.path(), dir);
    }
    return switch (spec.kind()) {
      case JAR -> new NodeLibrary(row.libraryKey(), local, null, null, null, null);
      case WHL -> new NodeLibrary(row.libraryKey(), null, local, null, null, null);
      case REQUIREMENTS -> new NodeLibrary(row.libraryKey(), null, null, local, null, null);
      case MAVEN -> new NodeLibrary(row.libraryKey(), null, null, null, library.maven(), null);
      case PYPI -> new NodeLibrary(row.libraryKey(), null, null, null, null, library.pypi());
      case EGG, CRAN -> throw new IllegalStateException("unsupported library kinds are never sent");
    };
  }

  private Optional<NodeLibraryStates> call(NodeRow driver, String method, Object body) {
    Optional<NodeClient.Answer> answer = client.call(driver, method, "/libraries", body);
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    if (answer.get().status() != 200) {
      LOG.warn(
          "Driver {} refused {} /libraries: {} {}",
          driver.instanceId(),
          method,
          answer.get().status(),
          answer.get().body());
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.treeToValue(answer.get().body(), NodeLibraryStates.class));
    } catch (IOException e) {
      LOG.warn("Driver {} answered an unreadable library state", driver.instanceId(), e);
      return Optional.empty();
    }
  }

  private static LibrarySpec spec(LibraryRow row) {
    return LibrarySpec.of(LibrarySpec.read(row.library()));
  }

  private Optional<ClusterRow> cluster(String clusterId) {
    try {
      return Optional.of(clusters.existing(clusterId));
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  /** Stops the passes; drivers go on installing what they were given. */
  @Override
  public void close() {
    loop.close();
  }
}
