package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.cli.Kiln;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What one {@code kiln} command line, run in-process against a test server, printed and answered.
 */
record CliRun(int code, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  JsonNode json() throws IOException {
    return JSON.readTree(out);
  }

  /** The environment of a signed-in admin; never the real user's ~/.databrickscfg. */
  static Map<String, String> adminEnv(TestServer server, Path temp) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABRICKS_HOST", server.url());
    env.put("DATABRICKS_TOKEN", server.adminToken());
    env.put("DATABRICKS_CONFIG_FILE", temp.resolve("no-databrickscfg").toString());
    return env;
  }

  static CliRun run(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          new Kiln(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e)
              .run(args);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CliRun ok(CliRun run) {
    assertThat(run.code()).as("exit code; stdout: %s, stderr: %s", run.out, run.err).isZero();
    return run;
  }

  static CliRun fails(CliRun run, int code) {
    assertThat(run.code())
        .as("exit code; stdout: %s, stderr: %s", run.out, run.err)
        .isEqualTo(code);
    return run;
  }
}
