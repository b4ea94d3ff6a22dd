package dev.kiln.server.clusters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.EventDetails;
import dev.kiln.model.clusters.TerminationReason;

/** Event details by field name, so callers name only what an event carries. */
final class Details {
  private Details() {}

  /** {@code of("current_num_workers", 2, "user", "ann")}: pairs of snake_case name and value. */
  static EventDetails of(Object... pairs) {
    ObjectNode node = Json.mapper().createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      if (value != null) {
        node.set((String) pairs[i], Json.mapper().valueToTree(value));
      }
    }
    return Json.mapper().convertValue(node, EventDetails.class);
  }

  static EventDetails reason(TerminationReason reason) {
    return of("reason", reason);
  }
}
