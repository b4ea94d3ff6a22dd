package dev.kiln.driver.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * Where a context's Python process comes from: the interpreter (a venv with PySpark of the
 * runtime's Spark version) and the folder holding Kiln's {@code kiln_driver} package.
 *
 * <p>Found, first match wins: Spark conf {@code spark.kiln.python} / {@code
 * spark.kiln.python.path}, then the environment variables {@code KILN_PYTHON} / {@code
 * KILN_PYTHON_PATH}, then the Kiln Runtime folder: {@code $SPARK_HOME/python/venv/bin/python} and
 * {@code $SPARK_HOME/python}.
 */
public record PythonEnvironment(Path python, Path packageDir) {
  public static final String PYTHON_CONF = "spark.kiln.python";
  public static final String PATH_CONF = "spark.kiln.python.path";

  /** Resolves the environment from the cluster's Spark conf and the process environment. */
  public static PythonEnvironment resolve(SparkConf conf, Map<String, String> env) {
    String sparkHome = env.getOrDefault("SPARK_HOME", "");
    Path python =
        Path.of(
            conf.get(
                PYTHON_CONF,
                env.getOrDefault(
                    "KILN_PYTHON",
                    Path.of(sparkHome, "python", "venv", "bin", "python").toString())));
    Path packageDir =
        Path.of(
            conf.get(
                PATH_CONF,
                env.getOrDefault("KILN_PYTHON_PATH", Path.of(sparkHome, "python").toString())));
    return new PythonEnvironment(python.toAbsolutePath(), packageDir.toAbsolutePath());
  }

  /** Fails with what to do when the venv or the package is missing. */
  public void check() {
    if (!Files.isExecutable(python)) {
      throw new IllegalStateException(
          "No Python for execution contexts at "
              + python
              + ": run scripts/python-runtime.sh (./kiln start does) or set "
              + PYTHON_CONF);
    }
    if (!Files.isRegularFile(packageDir.resolve("kiln_driver").resolve("repl.py"))) {
      throw new IllegalStateException(
          "No kiln_driver Python package in "
              + packageDir
              + ": rebuild the runtime or set "
              + PATH_CONF);
    }
  }
}
