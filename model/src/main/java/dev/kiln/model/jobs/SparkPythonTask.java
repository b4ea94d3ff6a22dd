package dev.kiln.model.jobs;

import java.util.List;

/** {@code spark_python_task}: a Python file run on the driver with {@code parameters} as argv. */
public record SparkPythonTask(String pythonFile, List<String> parameters, Source source) {}
