package dev.kiln.model.clusters;

/** A runtime as {@code clusters/spark-versions} lists it, e.g. {@code 1.0.x-scala2.13}. */
public record SparkVersion(String key, String name) {}
