package dev.kiln.driver.exec;

/** An execution context's 1.2 status; the enum name is the wire value. */
public enum ContextStatus {
  Pending,
  Running,
  Error
}
