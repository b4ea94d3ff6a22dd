package dev.kiln.model.jobs;

/** Where a task's file comes from. */
public enum Source {
  WORKSPACE,
  GIT
}
