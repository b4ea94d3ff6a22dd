package dev.kiln.model.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A job parameter of a run: its {@code default} and the {@code value} the run used. */
public record JobParameter(
    String name, @JsonProperty("default") String defaultValue, String value) {}
