package dev.kiln.model.execution;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The id of a created context or command. Command Execution 1.2 names its fields in camelCase. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record IdResponse(String id) {}
