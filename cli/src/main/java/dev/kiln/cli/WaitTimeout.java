package dev.kiln.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --timeout} of a {@code --wait} on a cluster operation (a start, an install); each
 * command's options add their own {@code --wait}, which says what it waits for.
 */
abstract class WaitTimeout {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "20m",
      converter = Durations.class,
      description =
          "How long --wait waits (e.g. 90s, 20m); then exit 3. Default: ${DEFAULT-VALUE}.")
  Duration timeout;
}
