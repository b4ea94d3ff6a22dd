package dev.kiln.model.execution;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A command's status (Queued, Running, Cancelling, Finished, Cancelled, Error) and, once done, its
 * results. Command Execution 1.2 names its fields in camelCase.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record CommandStatusResponse(
    String id, String status, com.fasterxml.jackson.databind.JsonNode results) {}
