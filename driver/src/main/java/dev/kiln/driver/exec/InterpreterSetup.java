package dev.kiln.driver.exec;

import dev.kiln.driver.dbutils.DbUtils;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a new interpreter gets: its context's id and user, the cluster's SparkSession, the context's
 * dbutils and redactor, and a private working folder (deleted with the context).
 */
public record InterpreterSetup(
    String contextId,
    String user,
    SparkSession spark,
    DbUtils dbutils,
    Redactor redactor,
    Path workDir) {}
