package dev.kiln.node;

import java.util.Optional;

/** The role of a pool's instance: none until it is assigned, then the driver's or a worker's. */
final class LateRole implements SparkRole {
  private final Runnable stopWarmup;
  private volatile SparkRole role;

  LateRole(Runnable stopWarmup) {
    this.stopWarmup = stopWarmup;
  }

  void set(SparkRole assigned) {
    this.role = assigned;
  }

  SparkRole get() {
    return role;
  }

  @Override
  public void start(Runnable news) throws Exception {
    role.start(news);
  }

  @Override
  public RoleStatus status() {
    SparkRole r = role;
    return r == null ? RoleStatus.NONE : r.status();
  }

  @Override
  public Optional<String> problem() {
    SparkRole r = role;
    return r == null ? Optional.empty() : r.problem();
  }

  @Override
  public boolean decommission() {
    SparkRole r = role;
    return r != null && r.decommission();
  }

  /** Stops the role, or the warm-up when there is no role yet. */
  @Override
  public void stop() {
    SparkRole r = role;
    if (r == null) {
      stopWarmup.run();
    } else {
      r.stop();
    }
  }
}
