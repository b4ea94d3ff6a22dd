package dev.kiln.server.jobs.runs;

import org.jdbi.v3.core.Handle;

/** Run, task run and repair ids, from one table so that they never collide. */
final class RunIds {
  static final String RUN = "run";
  static final String TASK = "task";
  static final String REPAIR = "repair";

  private RunIds() {}

  static long next(Handle handle, String kind) {
    return handle
        .createUpdate("INSERT INTO run_ids (kind) VALUES (:kind)")
        .bind("kind", kind)
        .executeAndReturnGeneratedKeys("run_id")
        .mapTo(Long.class)
        .one();
  }

  /** What an id names: {@link #RUN}, {@link #TASK}, {@link #REPAIR}; null when unknown. */
  static String kind(Handle handle, long id) {
    return handle
        .createQuery("SELECT kind FROM run_ids WHERE run_id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .findOne()
        .orElse(null);
  }
}
