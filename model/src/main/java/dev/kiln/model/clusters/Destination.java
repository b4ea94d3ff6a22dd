package dev.kiln.model.clusters;

/**
 * A file location in an init script or log configuration: {@code {"destination": "..."}}. Used for
 * {@code workspace}, {@code volumes}, {@code dbfs}, {@code abfss}, {@code gcs} and {@code file}.
 */
public record Destination(String destination) {}
