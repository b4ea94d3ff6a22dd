package dev.kiln.server.jobs.settings;

/** The Jobs API version a request came through; the versions differ in a few details. */
public enum ApiVersion {
  V2_0("/api/2.0/jobs"),
  V2_1("/api/2.1/jobs"),
  V2_2("/api/2.2/jobs");

  private final String base;

  ApiVersion(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** 2.2 pages large arrays of jobs/get and runs/get at 100 elements. */
  public boolean pagesArrays() {
    return this == V2_2;
  }

  /** Jobs created through 2.2 queue by default. */
  public boolean queuesByDefault() {
    return this == V2_2;
  }

  /** 2.0 answers with the single-task format for jobs written in it. */
  public boolean singleTaskView() {
    return this == V2_0;
  }
}
