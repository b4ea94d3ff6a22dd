package dev.kiln.server.clusters;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.compute.NodeRow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kiln's node logs endpoint (Databricks has none): each node's stdout, stderr, init script output
 * and its executors' logs, kept in the node's folder after it ends.
 */
public final class ClusterLogs {
  static final long DEFAULT_TAIL_BYTES = 1 << 20;
  static final long MAX_TAIL_BYTES = 16L << 20;

  /** Folders of a node's folder that hold logs: its own, and the Worker's executor folders. */
  private static final List<String> LOG_ROOTS = List.of("logs", "work");

  public record LogFile(String path, long size) {}

  public record NodeLogs(
      String instanceId,
      String role,
      long startTimestamp,
      Long endTimestamp,
      List<LogFile> files) {}

  public record NodeLogsList(List<NodeLogs> nodes) {}

  public record LogContent(
      String clusterId, String instanceId, String path, String content, boolean truncated) {}

  private final ClusterService clusters;

  public ClusterLogs(ClusterService clusters) {
    this.clusters = clusters;
  }

  public NodeLogsList list(String clusterId) {
    List<NodeLogs> result = new ArrayList<>();
    for (NodeRow node : clusters.nodes(clusterId)) {
      result.add(
          new NodeLogs(
              node.instanceId(),
              node.role().name(),
              node.startTimestamp(),
              node.endTimestamp(),
              files(node)));
    }
    return new NodeLogsList(result);
  }

  public LogContent read(String clusterId, String instanceId, String path, Long tailBytes) {
    List<NodeRow> nodes = clusters.nodes(clusterId);
    NodeRow node =
        (instanceId == null
                ? nodes.stream().filter(NodeRow::isDriver).reduce((a, b) -> b)
                : nodes.stream().filter(n -> n.instanceId().equals(instanceId)).findFirst())
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        instanceId == null
                            ? "Cluster " + clusterId + " has no driver logs yet"
                            : "Cluster " + clusterId + " has no node " + instanceId));
    String wanted = path == null || path.isBlank() ? "logs/stdout" : path;
    if (!wanted.contains("/")) {
      wanted = "logs/" + wanted;
    }
    long tail = tailBytes == null ? DEFAULT_TAIL_BYTES : tailBytes;
    if (tail <= 0 || tail > MAX_TAIL_BYTES) {
      throw ApiException.invalid("tail_bytes must be between 1 and " + MAX_TAIL_BYTES);
    }
    String relative = wanted;
    if (files(node).stream().noneMatch(f -> f.path().equals(relative))) {
      throw ApiException.notFound("Node " + node.instanceId() + " has no log " + relative);
    }
    Path file = node.path().resolve(relative);
    try (RandomAccessFile raf = new RandomAccessFile(inside(node, file, relative).toFile(), "r")) {
      long length = raf.length();
      long start = Math.max(0, length - tail);
      byte[] bytes = new byte[(int) (length - start)];
      raf.seek(start);
      raf.readFully(bytes);
      return new LogContent(
          clusterId,
          node.instanceId(),
          relative,
          new String(bytes, StandardCharsets.UTF_8),
          start > 0);
    } catch (IOException e) {
      throw new ApiException(ErrorCode.IO_ERROR, "Could not read " + relative + ": " + e);
    }
  }

  /**
   * The file itself, when it is a file of the node's folder: a node runs user code, which may put a
   * link to any file of the control plane's there.
   */
  private static Path inside(NodeRow node, Path file, String relative) throws IOException {
    Path real = file.toRealPath();
    if (!real.startsWith(node.path().toRealPath())
        || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw ApiException.notFound("Node " + node.instanceId() + " has no log " + relative);
    }
    return real;
  }

  /**
   * A node's log files (not links), by path relative to its folder; only these may be read. At most
   * {@link #MAX_TAIL_BYTES} of one is read at a time.
   */
  private static List<LogFile> files(NodeRow node) {
    List<LogFile> files = new ArrayList<>();
    for (String root : LOG_ROOTS) {
      Path dir = node.path().resolve(root);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            .filter(p -> !p.getFileName().toString().endsWith(".jar"))
            .sorted()
            .forEach(
                p -> {
                  try {
                    files.add(
                        new LogFile(
                            node.path().relativize(p).toString().replace('\\', '/'),
                            Files.size(p)));
                  } catch (IOException e) {
                    // gone meanwhile
                  }
                });
      } catch (IOException e) {
        // a node folder being deleted; list what we saw
      }
    }
    return files;
  }
}
