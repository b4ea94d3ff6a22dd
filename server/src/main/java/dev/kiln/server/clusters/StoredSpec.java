package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterSpec;

/** A cluster's spec as its row stores it (JSON), for requests, views and reconcilers alike. */
final class StoredSpec {
  private StoredSpec() {}

  static ClusterSpec of(ClusterRow row) {
    try {
      return Json.mapper().readValue(row.spec(), ClusterSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored spec of " + row.clusterId() + " is unreadable", e);
    }
  }
}
