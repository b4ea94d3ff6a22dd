package dev.kiln.driver.libraries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster's Python libraries: a venv of their own ({@code --without-pip}) layered over the
 * runtime's Python, whose packages it sees through a {@code .pth} file. pip runs in it, so a
 * dependency the runtime already has (PySpark, pandas, ...) is taken as installed and never fetched
 * again or changed, and what a library brings lands in this venv's {@code site-packages}, which
 * Python contexts and executors' Python workers put first on their path.
 */
final class PythonLibraries {
  static final Duration PIP_TIMEOUT = Duration.ofMinutes(10);
  private static final int MESSAGE_TAIL_LINES = 12;

  private final Path basePython;
  private final Path envDir;
  private final Path logDir;
  private Path sitePackages;

  PythonLibraries(Path basePython, Path envDir, Path logDir) {
    this.basePython = basePython;
    this.envDir = envDir;
    this.logDir = logDir;
  }

  /** The venv's {@code site-packages}, made (with the venv) on first use. */
  synchronized Path sitePackages() throws IOException, InterruptedException {
    if (sitePackages == null) {
      if (!Files.isRegularFile(envDir.resolve("pyvenv.cfg"))) {
        run(List.of(basePython.toString(), "-m", "venv", "--without-pip", envDir.toString()));
      }
      Path site;
      try (Stream<Path> libs = Files.list(envDir.resolve("lib"))) {
        site =
            libs.filter(p -> p.getFileName().toString().startsWith("python"))
                .findFirst()
                .orElseThrow(() -> new IOException("no lib/python* in " + envDir))
                .resolve("site-packages");
      }
      Files.createDirectories(site);
      String runtimeSites =
          run(
              List.of(
                  basePython.toString(),
                  "-c",
                  "import site; print('\\n'.join(site.getsitepackages()))"));
      Files.writeString(site.resolve("_kiln_runtime.pth"), runtimeSites, StandardCharsets.UTF_8);
      sitePackages = site;
    }
    return sitePackages;
  }

  /**
   * {@code pip install} of {@code args} (a requirement, a wheel file, or {@code -r file}) into the
   * venv, from {@code indexUrl} when given.
   */
  void install(String id, List<String> args, String indexUrl) throws LibraryFailure {
    try {
      sitePackages();
    } catch (IOException e) {
      throw new LibraryFailure("Could not prepare the cluster's Python environment: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibraryFailure("Interrupted");
    }
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            envDir.resolve("bin").resolve("python").toString(),
            "-m",
            "pip",
            "install",
            "--no-input",
            "--disable-pip-version-check"));
    if (indexUrl != null && !indexUrl.isBlank()) {
      command.add("--index-url");
      command.add(indexUrl);
    }
    command.addAll(args);
    Path log = logDir.resolve("pip-" + id + ".log");
    try {
      Files.createDirectories(logDir);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(PIP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new LibraryFailure(
            "pip install " + String.join(" ", args) + " did not finish in " + PIP_TIMEOUT);
      }
      if (process.exitValue() != 0) {
        throw new LibraryFailure(
            "pip install "
                + String.join(" ", args)
                + " failed (exit code "
                + process.exitValue()
                + "): "
                + tail(log));
      }
    } catch (IOException e) {
      throw new LibraryFailure("Could not run pip: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibraryFailure("Interrupted");
    }
  }

  /** What pip said went wrong: its {@code ERROR:} lines, else the last lines of its output. */
  static String tail(Path log) throws IOException {
    List<String> lines = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        lines.add(line.strip());
        if (line.startsWith("ERROR:")) {
          errors.add(line.strip());
        }
      }
    }
    if (!errors.isEmpty()) {
      return String.join("\n", errors);
    }
    return String.join(
        "\n", lines.subList(Math.max(0, lines.size() - MESSAGE_TAIL_LINES), lines.size()));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + text.strip());
    }
    return text;
  }
}
