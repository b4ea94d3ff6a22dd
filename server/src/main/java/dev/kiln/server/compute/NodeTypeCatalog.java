package dev.kiln.server.compute;

import dev.kiln.model.clusters.NodeInfo;
import dev.kiln.model.clusters.NodeInstanceType;
import dev.kiln.model.clusters.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kiln's node types: slices of this host, named {@code kiln-<cores>c-<GB>g}. "General Purpose"
 * slices have 2 GB per core, "Memory Optimized" ones 4 GB. Only the slices one node of which fits
 * the host are offered. Every field of every node type is set, since SDK helpers sort on them.
 */
public final class NodeTypeCatalog {
  public static final String GENERAL_PURPOSE = "General Purpose";
  public static final String MEMORY_OPTIMIZED = "Memory Optimized";

  private record Slice(int cores, int gb, String category) {
    String id() {
      return "kiln-" + cores + "c-" + gb + "g";
    }
  }

  private static final List<Slice> SLICES =
      List.of(
          new Slice(1, 2, GENERAL_PURPOSE),
          new Slice(1, 4, MEMORY_OPTIMIZED),
          new Slice(2, 4, GENERAL_PURPOSE),
          new Slice(2, 8, MEMORY_OPTIMIZED),
          new Slice(4, 8, GENERAL_PURPOSE),
          new Slice(4, 16, MEMORY_OPTIMIZED),
          new Slice(8, 32, MEMORY_OPTIMIZED));

  private final HostCapacity capacity;
  private final List<NodeType> types;

  public NodeTypeCatalog(HostCapacity capacity) {
    this.capacity = capacity;
    List<NodeType> fitting = new ArrayList<>();
    for (Slice s : SLICES) {
      if (s.cores() <= capacity.cores() && s.gb() * 1024L <= capacity.memoryMb()) {
        fitting.add(nodeType(s, fitting.size() + 1));
      }
    }
    this.types = List.copyOf(fitting);
  }

  private static NodeType nodeType(Slice s, long displayOrder) {
    String id = s.id();
    return new NodeType(
        id,
        s.gb() * 1024L,
        (double) s.cores(),
        s.cores() + (s.cores() == 1 ? " core, " : " cores, ") + s.gb() + " GB (local slice)",
        id,
        s.category(),
        0L,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        new NodeInstanceType(id, 0L, 0L, 0L, 0L),
        new NodeInfo(List.of()),
        displayOrder,
        false,
        true);
  }

  public HostCapacity capacity() {
    return capacity;
  }

  /** The node types that fit this host, smallest first. */
  public List<NodeType> all() {
    return types;
  }

  public Optional<NodeType> find(String nodeTypeId) {
    return types.stream().filter(t -> t.nodeTypeId().equals(nodeTypeId)).findFirst();
  }

  /** The smallest node type. */
  public NodeType defaultType() {
    if (types.isEmpty()) {
      throw new IllegalStateException(
          "This host is too small for any Kiln node type: "
              + capacity.memoryMb()
              + " MB of memory to give, the smallest node type needs 2048 MB");
    }
    return types.get(0);
  }

  /** The ids of the node types offered, for messages. */
  public List<String> ids() {
    return types.stream().map(NodeType::nodeTypeId).toList();
  }
}
