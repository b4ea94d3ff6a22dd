package dev.kiln.server.compute;

/**
 * An amount of the host: vCPUs and memory. Nodes take the cores and memory of their node type.
 *
 * @param cores vCPUs
 * @param memoryMb memory in MB
 */
public record Resources(long cores, long memoryMb) {
  public static final Resources NONE = new Resources(0, 0);

  public static Resources of(HostCapacity host) {
    return new Resources(host.cores(), host.memoryMb());
  }

  public Resources plus(Resources other) {
    return new Resources(cores + other.cores, memoryMb + other.memoryMb);
  }

  public Resources minus(Resources other) {
    return new Resources(cores - other.cores, memoryMb - other.memoryMb);
  }

  public Resources times(long n) {
    return new Resources(cores * n, memoryMb * n);
  }

  /** The larger of each dimension. */
  public Resources max(Resources other) {
    return new Resources(Math.max(cores, other.cores), Math.max(memoryMb, other.memoryMb));
  }

  /** Whether this amount fits in {@code room}, in both dimensions. */
  public boolean fitsIn(Resources room) {
    return cores <= room.cores && memoryMb <= room.memoryMb;
  }

  /** How many of {@code unit} fit in this amount (0 when none, or when it is negative). */
  public long howMany(Resources unit) {
    long byCores = unit.cores <= 0 ? Long.MAX_VALUE : Math.max(0, cores) / unit.cores;
    long byMemory = unit.memoryMb <= 0 ? Long.MAX_VALUE : Math.max(0, memoryMb) / unit.memoryMb;
    return Math.min(byCores, byMemory);
  }

  @Override
  public String toString() {
    return memoryMb + " MB and " + cores + (cores == 1 ? " core" : " cores");
  }
}
