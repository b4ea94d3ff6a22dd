package dev.kiln.model.execution;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * contexts/create: a context in {@code language} (python, scala, sql) on a running cluster. Command
 * Execution 1.2 names its fields in camelCase.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record CreateContextRequest(String clusterId, String language) {}
