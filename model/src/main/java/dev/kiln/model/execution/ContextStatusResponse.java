package dev.kiln.model.execution;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A context's status: Pending, Running or Error. Command Execution 1.2 names its fields in
 * camelCase.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record ContextStatusResponse(String id, String status) {}
