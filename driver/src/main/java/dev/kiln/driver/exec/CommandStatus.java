package dev.kiln.driver.exec;

/** A command's 1.2 status; the enum name is the wire value. */
public enum CommandStatus {
  Queued,
  Running,
  Cancelling,
  Finished,
  Cancelled,
  Error;

  public boolean isDone() {
    return this == Finished || this == Cancelled || this == Error;
  }
}
