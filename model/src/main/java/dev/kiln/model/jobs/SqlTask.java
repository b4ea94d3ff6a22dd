package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code sql_task}: Kiln runs the {@code file} form; query, dashboard and alert are kept as sent.
 */
public record SqlTask(
    String warehouseId,
    SqlTaskFile file,
    JsonNode query,
    JsonNode dashboard,
    JsonNode alert,
    Map<String, String> parameters) {}
