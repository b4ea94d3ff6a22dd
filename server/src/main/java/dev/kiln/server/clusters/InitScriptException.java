package dev.kiln.server.clusters;

/** An init script could not be fetched from where the cluster spec says it is. */
final class InitScriptException extends Exception {
  private static final long serialVersionUID = 1L;

  InitScriptException(String message, Throwable cause) {
    super(message, cause);
  }
}
