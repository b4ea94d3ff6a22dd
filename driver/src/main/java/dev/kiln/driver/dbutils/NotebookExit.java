package dev.kiln.driver.dbutils;

/**
 * Thrown by {@code dbutils.notebook.exit(value)} to stop the rest of the command; the command's
 * result is then the text {@code value}.
 */
public final class NotebookExit extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String value;

  public NotebookExit(String value) {
    super("Notebook exited: " + value, null, false, false);
    this.value = value;
  }

  public String value() {
    return value;
  }
}
