package dev.kiln.model.clusters;

import java.util.List;

/** {@code clusters/spark-versions}. */
public record GetSparkVersionsResponse(List<SparkVersion> versions) {}
