package dev.kiln.model.clusters;

import java.util.ArrayList;
import java.util.List;

/** Where a cluster's logs are delivered: one of {@code dbfs}, {@code s3}, {@code volumes}. */
public record ClusterLogConf(Destination dbfs, S3Destination s3, Destination volumes) {

  public static ClusterLogConf dbfs(String path) {
    return new ClusterLogConf(new Destination(path), null, null);
  }

  /** The wire names of the locations that are set. */
  public List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    if (dbfs != null) {
      kinds.add("dbfs");
    }
    if (s3 != null) {
      kinds.add("s3");
    }
    if (volumes != null) {
      kinds.add("volumes");
    }
    return kinds;
  }
}
