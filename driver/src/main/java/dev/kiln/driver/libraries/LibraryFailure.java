package dev.kiln.driver.libraries;

/** A library that could not be installed; the message is for the user. */
public final class LibraryFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public LibraryFailure(String message) {
    super(message);
  }

  public LibraryFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
