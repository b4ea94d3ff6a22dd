package dev.kiln.driver.dbutils;

/**
 * Stand-in for the JVM dbutils of branch exec-engine (fs, secrets, widgets, notebook, jobs): the
 * Python bridge reaches its methods through py4j by name, so it needs only the type here.
 */
public interface DbUtils {}
