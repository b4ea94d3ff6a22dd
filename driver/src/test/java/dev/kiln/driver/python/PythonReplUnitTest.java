package dev.kiln.driver.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the Python unit tests of kiln_driver (src/test/python) with the runtime's Python. */
class PythonReplUnitTest {
  @Test
  void pythonUnitTestsPass() throws Exception {
    Path python = Path.of(System.getProperty("kiln.python"));
    assumeTrue(Files.isExecutable(python), "no Python runtime: run scripts/python-runtime.sh");
    ProcessBuilder builder =
        new ProcessBuilder(
                python.toString(), "-m", "unittest", "discover", "-s", "src/test/python", "-v")
            .redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", System.getProperty("kiln.python.path"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
