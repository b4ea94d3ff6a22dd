package dev.kiln.server.compute;

/**
 * Whether a request for nodes fits the host: the pure decision behind admission. Memory is never
 * overcommitted, and neither are the host's vCPUs (which are already {@value
 * HostCapacity#VCPUS_PER_CORE} per processor). The local backend is one host, so packing nodes is
 * adding them up: a request fits when everything placed plus the request stays within the host.
 */
public final class Placement {
  private Placement() {}

  /** What placement says about a request. */
  public sealed interface Verdict {
    /** The request fits now. */
    record Fits() implements Verdict {}

    /** It does not fit now but would on an emptier host: wait for room. */
    record Wait(String why) implements Verdict {}

    /** It is larger than the whole host: it can never fit. */
    record Never(String why) implements Verdict {}
  }

  /**
   * Decides a request.
   *
   * @param host what the host can give at all
   * @param used what is placed (or reserved) now
   * @param wanted what the request needs
   * @param queuedAhead requests that waited longer and come first
   */
  public static Verdict decide(
      HostCapacity host, Resources used, Resources wanted, int queuedAhead) {
    Resources all = Resources.of(host);
    if (!wanted.fitsIn(all)) {
      return new Verdict.Never("it needs " + wanted + " but this host can give at most " + all);
    }
    Resources free = all.minus(used);
    if (queuedAhead > 0) {
      return new Verdict.Wait(
          "it needs "
              + wanted
              + "; "
              + queuedAhead
              + (queuedAhead == 1
                  ? " request that came earlier waits"
                  : " requests that came earlier wait")
              + " for room first");
    }
    if (!wanted.fitsIn(free)) {
      return new Verdict.Wait(
          "it needs "
              + wanted
              + " and "
              + clampAtZero(free)
              + " of this host's "
              + all
              + " are free");
    }
    return new Verdict.Fits();
  }

  private static Resources clampAtZero(Resources r) {
    return new Resources(Math.max(0, r.cores()), Math.max(0, r.memoryMb()));
  }
}
