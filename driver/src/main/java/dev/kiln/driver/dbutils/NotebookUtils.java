package dev.kiln.driver.dbutils;

/**
 * {@code dbutils.notebook}: {@code exit(value)} ends the command with {@code value} as its text.
 */
public final class NotebookUtils {
  private volatile String exitValue;

  /** Records {@code value} as the command's result and stops the command. */
  public void exit(String value) {
    exitValue = value == null ? "null" : value;
    throw new NotebookExit(exitValue);
  }

  /** The value passed to {@link #exit} during the current command, or null. */
  public String exitValue() {
    return exitValue;
  }

  /** Forgets the previous command's exit (called before each command). */
  public void reset() {
    exitValue = null;
  }
}
