package dev.kiln.model.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a run ended, in the v2 status. */
public record TerminationDetails(
    TerminationCodeCode code, @JsonProperty("type") TerminationTypeType type, String message) {}
