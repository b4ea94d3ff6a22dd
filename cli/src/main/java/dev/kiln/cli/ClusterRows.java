package dev.kiln.cli;

import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterEvent;
import com.databricks.sdk.service.compute.EventDetails;
import com.databricks.sdk.service.compute.TerminationReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The text forms of clusters and their events, for tables. */
final class ClusterRows {
  private ClusterRows() {}

  static final List<String> LIST_HEADER =
      List.of("Cluster ID", "Name", "State", "Workers", "Runtime");

  static List<String> listRow(ClusterDetails c) {
    return List.of(
        Output.text(c.getClusterId()),
        Output.text(c.getClusterName()),
        Output.text(c.getState()),
        workers(c.getNumWorkers(), c.getAutoscale()),
        Output.text(c.getSparkVersion()));
  }

  /** {@code 2}, or {@code 1-4 (autoscale)}. */
  static String workers(Long numWorkers, AutoScale autoscale) {
    if (autoscale != null) {
      return autoscale.getMinWorkers() + "-" + autoscale.getMaxWorkers() + " (autoscale)";
    }
    return Output.text(numWorkers);
  }

  /** One cluster as field/value rows. */
  static List<List<String>> details(ClusterDetails c) {
    List<List<String>> rows = new ArrayList<>();
    add(rows, "Cluster ID", c.getClusterId());
    add(rows, "Name", c.getClusterName());
    add(rows, "State", c.getState());
    add(rows, "State message", c.getStateMessage());
    add(rows, "Workers", workers(c.getNumWorkers(), c.getAutoscale()));
    if (c.getExecutors() != null) {
      add(rows, "Executors", c.getExecutors().size());
    }
    add(rows, "Runtime", c.getSparkVersion());
    add(rows, "Node type", c.getNodeTypeId());
    add(rows, "Driver node type", c.getDriverNodeTypeId());
    add(rows, "Driver", c.getDriver() == null ? null : c.getDriver().getPrivateIp());
    add(rows, "Creator", c.getCreatorUserName());
    add(rows, "Source", c.getClusterSource());
    add(rows, "Auto-termination", minutes(c.getAutoterminationMinutes()));
    add(rows, "Started", time(c.getStartTime()));
    add(rows, "Terminated", time(c.getTerminatedTime()));
    add(rows, "Termination", reason(c.getTerminationReason()));
    return rows;
  }

  private static String minutes(Long m) {
    return m == null ? null : m == 0 ? "never" : m + " min";
  }

  private static void add(List<List<String>> rows, String field, Object value) {
    String text = Output.text(value);
    if (!text.isEmpty()) {
      rows.add(List.of(field, text));
    }
  }

  static String time(Long millis) {
    return millis == null || millis <= 0 ? "" : Instant.ofEpochMilli(millis).toString();
  }

  static String reason(TerminationReason r) {
    if (r == null || r.getCode() == null) {
      return "";
    }
    String message =
        r.getParameters() == null ? null : r.getParameters().get("databricks_error_message");
    return message == null ? r.getCode().toString() : r.getCode() + ": " + message;
  }

  static final List<String> EVENT_HEADER = List.of("Timestamp", "Type", "Details");

  static List<String> eventRow(ClusterEvent e) {
    return List.of(time(e.getTimestamp()), Output.text(e.getType()), summary(e.getDetails()));
  }

  /** The telling parts of an event's details, in one line. */
  static String summary(EventDetails d) {
    if (d == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (d.getUser() != null) {
      parts.add("by " + d.getUser());
    }
    if (d.getCurrentNumWorkers() != null || d.getTargetNumWorkers() != null) {
      parts.add(
          "workers "
              + Output.text(d.getCurrentNumWorkers())
              + " -> "
              + Output.text(d.getTargetNumWorkers()));
    }
    if (d.getClusterSize() != null) {
      parts.add(
          "size " + workers(d.getClusterSize().getNumWorkers(), d.getClusterSize().getAutoscale()));
    }
    String reason = reason(d.getReason());
    if (!reason.isEmpty()) {
      parts.add("reason " + reason);
    }
    if (d.getCause() != null) {
      parts.add("cause " + d.getCause());
    }
    if (d.getInstanceId() != null) {
      parts.add("instance " + d.getInstanceId());
    }
    if (d.getDriverStateMessage() != null) {
      parts.add(d.getDriverStateMessage());
    }
    if (d.getDidNotExpandReason() != null) {
      parts.add(d.getDidNotExpandReason());
    }
    return String.join("; ", parts);
  }
}
