package dev.kiln.model.jobs;

import java.util.List;

/** {@code spark_submit_task}: spark-submit arguments. */
public record SparkSubmitTask(List<String> parameters) {}
