package dev.kiln.driver.exec;

import dev.kiln.driver.dbutils.DbUtils;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a new interpreter gets: its context's id and user, the cluster's SparkSession, the context's
 * dbutils and redactor, a private working folder (deleted with the context) and the cluster's
 * installed libraries.
 */
public record InterpreterSetup(
    String contextId,
    String user,
    SparkSession spark,
    DbUtils dbutils,
    Redactor redactor,
    Path workDir,
    ContextLibraries libraries) {
  /** A setup without cluster libraries. */
  public InterpreterSetup(
      String contextId,
      String user,
      SparkSession spark,
      DbUtils dbutils,
      Redactor redactor,
      Path workDir) {
    this(contextId, user, spark, dbutils, redactor, workDir, ContextLibraries.NONE);
  }
}
