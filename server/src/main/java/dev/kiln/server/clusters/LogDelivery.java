package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterLogStatus;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.node.NodeRole;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.dbfs.DbfsService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * Copies a cluster's node logs to the DBFS folder of its {@code cluster_log_conf}, in the layout
 * Databricks uses: {@code <dest>/<cluster_id>/driver}, {@code .../executor/<instance_id>} and
 * {@code .../init_scripts/<cluster_id>_<instance_id>}.
 */
public final class LogDelivery {
  private final NodeDao nodes;
  private final DbfsService dbfs;
  private final Clock clock;

  public LogDelivery(Jdbi jdbi, DbfsService dbfs, Clock clock) {
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.dbfs = dbfs;
    this.clock = clock;
  }

  /** Delivers the logs if the spec asks for it; returns the row with its new log status. */
  ClusterRow deliver(ClusterRow cluster, ClusterSpec spec) {
    if (spec.clusterLogConf() == null || spec.clusterLogConf().dbfs() == null) {
      return cluster;
    }
    String base = spec.clusterLogConf().dbfs().destination() + "/" + cluster.clusterId();
    String problem = null;
    try {
      for (NodeRow node : nodes.ofCluster(cluster.clusterId())) {
        Path logs = node.path().resolve("logs");
        String nodeDest =
            node.role() == NodeRole.DRIVER
                ? base + "/driver"
                : base + "/executor/" + node.instanceId();
        copyTree(logs, nodeDest, "init_scripts");
        copyTree(node.path().resolve("work"), nodeDest + "/work", null);
        copyTree(
            logs.resolve("init_scripts"),
            base + "/init_scripts/" + cluster.clusterId() + "_" + node.instanceId(),
            null);
      }
    } catch (IOException | ApiException e) {
      problem = e.getMessage();
    }
    try {
      return cluster.withLogStatus(
          Json.mapper().writeValueAsString(new ClusterLogStatus(clock.millis(), problem)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void copyTree(Path from, String dbfsDest, String skip) throws IOException {
    if (!Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      // Files, not links: a node runs user code, which may link to the control plane's files.
      for (Path file :
          walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .toList()) {
        Path relative = from.relativize(file);
        if (skip != null && relative.startsWith(skip)) {
          continue;
        }
        Path target = dbfs.localFile(dbfsDest + "/" + relative.toString().replace('\\', '/'));
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
