package dev.kiln.model.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One exported view of a run. */
public record ViewItem(String content, String name, @JsonProperty("type") ViewType type) {}
