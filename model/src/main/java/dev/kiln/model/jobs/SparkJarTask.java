package dev.kiln.model.jobs;

import java.util.List;

/** {@code spark_jar_task}: a main class from a jar given in the task's libraries. */
public record SparkJarTask(
    String mainClassName, List<String> parameters, String jarUri, Boolean runAsRepl) {}
