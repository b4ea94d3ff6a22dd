package dev.kiln.model.clusters;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an event says; every field is optional. {@code attributes} and {@code previous_attributes}
 * are cluster specs (Databricks' ClusterAttributes is a subset of them). Build one with {@link
 * #builder()}.
 */
public record EventDetails(
    Long currentNumWorkers,
    Long targetNumWorkers,
    Long currentNumVcpus,
    Long targetNumVcpus,
    ClusterSize clusterSize,
    ClusterSize previousClusterSize,
    ClusterSpec attributes,
    ClusterSpec previousAttributes,
    TerminationReason reason,
    EventDetailsCause cause,
    String user,
    String instanceId,
    String driverStateMessage,
    Long diskSize,
    Long previousDiskSize,
    Long freeSpace,
    String didNotExpandReason,
    String jobRunName,
    JsonNode initScripts,
    Boolean enableTerminationForNodeBlocklisted) {

  public static EventDetails empty() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets the fields events usually carry; the rest stay absent. */
  public static final class Builder {
    private Long currentNumWorkers;
    private Long targetNumWorkers;
    private ClusterSize clusterSize;
    private ClusterSize previousClusterSize;
    private ClusterSpec attributes;
    private ClusterSpec previousAttributes;
    private TerminationReason reason;
    private EventDetailsCause cause;
    private String user;
    private String instanceId;
    private String driverStateMessage;
    private String jobRunName;
    private JsonNode initScripts;

    private Builder() {}

    public Builder currentNumWorkers(long n) {
      this.currentNumWorkers = n;
      return this;
    }

    public Builder targetNumWorkers(long n) {
      this.targetNumWorkers = n;
      return this;
    }

    public Builder clusterSize(ClusterSize size) {
      this.clusterSize = size;
      return this;
    }

    public Builder previousClusterSize(ClusterSize size) {
      this.previousClusterSize = size;
      return this;
    }

    public Builder attributes(ClusterSpec spec) {
      this.attributes = spec;
      return this;
    }

    public Builder previousAttributes(ClusterSpec spec) {
      this.previousAttributes = spec;
      return this;
    }

    public Builder reason(TerminationReason r) {
      this.reason = r;
      return this;
    }

    public Builder cause(EventDetailsCause c) {
      this.cause = c;
      return this;
    }

    public Builder user(String u) {
      this.user = u;
      return this;
    }

    public Builder instanceId(String id) {
      this.instanceId = id;
      return this;
    }

    public Builder driverStateMessage(String message) {
      this.driverStateMessage = message;
      return this;
    }

    public Builder jobRunName(String name) {
      this.jobRunName = name;
      return this;
    }

    public Builder initScripts(JsonNode scripts) {
      this.initScripts = scripts;
      return this;
    }

    public EventDetails build() {
      return new EventDetails(
          currentNumWorkers,
          targetNumWorkers,
          null,
          null,
          clusterSize,
          previousClusterSize,
          attributes,
          previousAttributes,
          reason,
          cause,
          user,
          instanceId,
          driverStateMessage,
          null,
          null,
          null,
          null,
          jobRunName,
          initScripts,
          null);
    }
  }
}
