package dev.kiln.server.jobs.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.server.api.ApiException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code jobs/update}: top-level fields of {@code new_settings} replace the job's, except the keyed
 * arrays ({@code tasks} by {@code task_key}, {@code job_clusters} by {@code job_cluster_key},
 * {@code environments} by {@code environment_key}, {@code parameters} by {@code name}), whose
 * entries replace or join the job's one by one. {@code fields_to_remove} names top-level fields, or
 * one entry of a keyed array as {@code tasks/<task_key>}.
 */
public final class SettingsUpdate {
  private static final Map<String, String> KEYED =
      Map.of(
          "tasks", "task_key",
          "job_clusters", "job_cluster_key",
          "environments", "environment_key",
          "parameters", "name");

  private SettingsUpdate() {}

  public static ObjectNode apply(ObjectNode current, JsonNode patch, List<String> fieldsToRemove) {
    ObjectNode merged = current.deepCopy();
    if (patch != null && !patch.isNull()) {
      if (!(patch instanceof ObjectNode p)) {
        throw ApiException.invalid("new_settings must be an object");
      }
      p.properties()
          .forEach(
              e -> {
                String keyField = KEYED.get(e.getKey());
                if (keyField != null
                    && e.getValue() instanceof ArrayNode added
                    && merged.get(e.getKey()) instanceof ArrayNode existing) {
                  mergeArray(existing, added, keyField);
                } else {
                  merged.set(e.getKey(), e.getValue());
                }
              });
    }
    for (String field : fieldsToRemove == null ? List.<String>of() : fieldsToRemove) {
      remove(merged, field);
    }
    return merged;
  }

  private static void mergeArray(ArrayNode existing, ArrayNode added, String keyField) {
    for (JsonNode entry : added) {
      String key = entry.path(keyField).asText(null);
      int at = indexOf(existing, keyField, key);
      if (key != null && at >= 0) {
        existing.set(at, entry);
      } else {
        existing.add(entry);
      }
    }
  }

  private static void remove(ObjectNode settings, String field) {
    int slash = field.indexOf('/');
    if (slash < 0) {
      settings.remove(field);
      return;
    }
    String array = field.substring(0, slash);
    String key = field.substring(slash + 1);
    String keyField = KEYED.get(array);
    if (keyField == null || key.isEmpty() || key.contains("/")) {
      throw ApiException.invalid(
          "Cannot remove '"
              + field
              + "': only top-level fields and entries of tasks, job_clusters, environments and"
              + " parameters can be removed");
    }
    if (settings.get(array) instanceof ArrayNode entries) {
      for (Iterator<JsonNode> it = entries.elements(); it.hasNext(); ) {
        if (key.equals(it.next().path(keyField).asText(null))) {
          it.remove();
        }
      }
    }
  }

  private static int indexOf(ArrayNode array, String keyField, String key) {
    for (int i = 0; i < array.size(); i++) {
      if (key != null && key.equals(array.get(i).path(keyField).asText(null))) {
        return i;
      }
    }
    return -1;
  }
}
