package dev.kiln.driver.python;

import dev.kiln.driver.exec.ContextInfo;
import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.InterpreterProvider;
import org.apache.spark.sql.SparkSession;

/** The {@code python} language: one {@link PythonInterpreter} (and Python process) per context. */
public final class PythonInterpreterProvider implements InterpreterProvider {
  @Override
  public String language() {
    return "python";
  }

  @Override
  public Interpreter create(SparkSession spark, ContextInfo ctx) throws Exception {
    return PythonInterpreter.start(
        spark, ctx, PythonEnvironment.resolve(spark.sparkContext().getConf(), System.getenv()));
  }
}
