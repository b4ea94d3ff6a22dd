package dev.kiln.cli;

/** A failure the CLI finds itself (not the API): printed as {@code Error: <message>}, exit 1. */
final class CliFailure extends RuntimeException {
  CliFailure(String message) {
    super(message);
  }
}
