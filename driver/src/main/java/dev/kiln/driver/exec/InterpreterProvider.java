package dev.kiln.driver.exec;

public interface InterpreterProvider {
  String language();

  Interpreter create(org.apache.spark.sql.SparkSession spark, ContextInfo ctx) throws Exception;
}
