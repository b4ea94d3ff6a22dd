package dev.kiln.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kiln configure}: saves a host and token as a profile, as {@code databricks configure}. */
@Command(
    name = "configure",
    description =
        "Save a host and token in ~/.databrickscfg (or $DATABRICKS_CONFIG_FILE) under --profile"
            + " (default DEFAULT). Without --token the token is read from stdin.")
final class ConfigureCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Kiln kiln;

  @Option(names = "--host", required = true, description = "The Kiln URL, e.g. http://host:8080.")
  String host;

  // An option leaves the token in shell history; stdin is the safer way, hence optional.
  @Option(names = "--token", description = "The personal access token (default: read stdin).")
  String token;

  @Override
  public Integer call() throws IOException {
    String value = token != null ? token : readToken();
    if (value == null || value.isBlank()) {
      throw new CliFailure("no token given (use --token or pipe it to stdin)");
    }
    String profile = kiln.profile != null ? kiln.profile : "DEFAULT";
    Path file = configFile();
    ConfigFile.setProfile(file, profile, host.strip(), value.strip());
    kiln.err.println("Saved profile " + profile + " in " + file);
    return 0;
  }

  private String readToken() throws IOException {
    if (kiln.terminal()) {
      kiln.err.print("Token: ");
      kiln.err.flush();
    }
    // Not closed: the stream is the caller's stdin.
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(kiln.in, StandardCharsets.UTF_8));
    return reader.readLine();
  }

  private Path configFile() {
    String file = kiln.env("DATABRICKS_CONFIG_FILE");
    return file != null
        ? Path.of(file)
        : Path.of(System.getProperty("user.home"), ".databrickscfg");
  }
}
