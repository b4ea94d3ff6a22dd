package dev.kiln.model.jobs;

/** Why a run is queued. */
public record QueueDetails(QueueDetailsCodeCode code, String message) {}
