package dev.kiln.model.dbfs;

/** The handle of an open upload stream. */
public record CreateResponse(long handle) {}
