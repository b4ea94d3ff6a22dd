package dev.kiln.model.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A job-level parameter and its {@code default}. */
public record JobParameterDefinition(String name, @JsonProperty("default") String defaultValue) {}
