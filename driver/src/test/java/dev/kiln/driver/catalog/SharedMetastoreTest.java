package dev.kiln.driver.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.derby.drda.NetworkServerControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two driver JVMs share tables through a Hive metastore on a real Derby network server, as clusters
 * do through the control plane's; the tables survive a restart of that server.
 */
class SharedMetastoreTest {
  @TempDir Path dir;

  @Test
  void aTableCreatedInOneDriverIsQueryableFromAnotherAndAfterAMetastoreRestart() throws Exception {
    Path dbfsRoot = Files.createDirectories(dir.resolve("dbfs"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "jdbc:derby://127.0.0.1:" + port + "/" + dir.resolve("metastore") + ";create=true";
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());

    // Two JVMs (about 50 s each here) prove both: the second driver sees the first one's tables
    // through a metastore server that restarted in between.
    NetworkServerControl derby = startDerby(port);
    try {
      assertThat(runDriver(dbfsRoot, url, "create")).isEqualTo("created");
    } finally {
      derby.shutdown();
    }
    assertThat(dbfsRoot.resolve("user/hive/warehouse/shared/_delta_log")).isDirectory();

    derby = startDerby(port);
    try {
      assertThat(runDriver(dbfsRoot, url, "query"))
          .isEqualTo("[delta,dbfs:/user/hive/warehouse/shared] one,two,three 4");
    } finally {
      derby.shutdown();
    }
  }

  private static NetworkServerControl startDerby(int port) throws Exception {
    NetworkServerControl derby = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    // The previous server's socket may still be closing on a busy machine, which fails the bind
    // in start's own thread: start again every 5 s until one answers.
    while (true) {
      derby.start(null);
      for (int i = 0; i < 100; i++) {
        try {
          derby.ping();
          return derby;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }
  }

  /** Runs {@link SharedTableProgram} in a new JVM on this test's classpath. */
  private String runDriver(Path dbfsRoot, String url, String action)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(
                a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.") || a.startsWith("-Dio."))
            .toList());
    command.add("-Xmx1g");
    command.add("-Dderby.stream.error.file=" + dir.resolve("derby-client-" + action + ".log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SharedTableProgram.class.getName());
    command.add(dbfsRoot.toString());
    command.add(url);
    command.add(action);
    Path log = dir.resolve("driver-" + action + "-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(150, TimeUnit.SECONDS)) {
        throw new AssertionError("driver '" + action + "' did not finish; log " + log);
      }
    } finally {
      p.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return lines.stream()
        .filter(l -> l.startsWith("RESULT "))
        .map(l -> l.substring("RESULT ".length()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "driver '"
                        + action
                        + "' exited "
                        + p.exitValue()
                        + ":\n"
                        + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))));
  }
}
