package dev.kiln.model.jobs;

/** A request naming a run ({@code runs/cancel}, {@code runs/delete}). */
public record RunIdRequest(Long runId) {}
