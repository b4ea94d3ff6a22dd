package dev.kiln.cli;

/**
 * A failure the CLI finds itself (not the API): printed as {@code Error: <message>}, exit 1 unless
 * it names another exit code (a {@code --wait} timeout exits {@link Kiln#TIMED_OUT}).
 */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(String message) {
    this(message, Kiln.FAILED);
  }

  CliFailure(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
