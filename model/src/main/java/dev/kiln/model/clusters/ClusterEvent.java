package dev.kiln.model.clusters;

import com.fasterxml.jackson.databind.JsonNode;

/** One event in a cluster's history; {@code timestamp} is epoch ms. */
public record ClusterEvent(
    String clusterId,
    Long timestamp,
    EventType type,
    EventDetails details,
    JsonNode dataPlaneEventDetails) {}
