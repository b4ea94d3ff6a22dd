package dev.kiln.model.jobs;

/** Which views runs/export returns. */
public enum ViewsToExport {
  CODE,
  DASHBOARDS,
  ALL
}
