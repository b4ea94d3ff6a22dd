package dev.kiln.model.jobs;

/** A request naming a job ({@code jobs/delete}). */
public record JobIdRequest(Long jobId) {}
