package dev.kiln.model.clusters;

import com.fasterxml.jackson.databind.JsonNode;

/** The driver or one executor of a running cluster. Times are epoch ms. */
public record SparkNode(
    String nodeId,
    String instanceId,
    String privateIp,
    String publicDns,
    String hostPrivateIp,
    Long startTimestamp,
    JsonNode nodeAwsAttributes) {}
