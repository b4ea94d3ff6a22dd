package dev.kiln.model.jobs;

/** The kind of an exported view. */
public enum ViewType {
  NOTEBOOK,
  DASHBOARD
}
