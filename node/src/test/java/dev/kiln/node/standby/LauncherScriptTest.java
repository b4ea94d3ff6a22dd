package dev.kiln.node.standby;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script a pool instance's Worker runs as {@code java}, against a stand-in standby on
 * a loopback port: it hands launches over, mirrors the standby's exit and passes SIGTERM on, and
 * runs the real java whenever the standby is missing, gone or refuses.
 */
class LauncherScriptTest {
  @TempDir Path nodeDir;
  private Path java;

  @BeforeEach
  void install() throws IOException {
    Path real = nodeDir.resolve("real-java");
    Files.writeString(real, "#!/bin/bash\necho \"real java: $*\"\nexit 3\n");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
    ExecutorStandby.installLauncher(nodeDir, real);
    java = ExecutorStandby.javaHome(nodeDir).resolve("bin/java");
  }

  private Process launch(String... args) throws IOException {
    String[] command = new String[args.length + 1];
    command[0] = java.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KILN_TEST_VAR", "x=y");
    return builder.start();
  }

  private static String output(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** A stand-in standby: publishes itself, takes one request, then does what the test says. */
  private CompletableFuture<LaunchRequest> standby(ServerSocket server, Conversation then)
      throws IOException {
    Files.writeString(
        ExecutorStandby.standbyDir(nodeDir).resolve("ready"), server.getLocalPort() + " tok\n");
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = server.accept()) {
            LaunchRequest request = LaunchRequest.read(s.getInputStream());
            then.talk(s.getInputStream(), s.getOutputStream());
            return request;
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  interface Conversation {
    void talk(InputStream in, OutputStream out) throws IOException;
  }

  private static void say(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static ServerSocket loopback() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @Test
  void withoutAStandbyItRunsTheRealJava() throws Exception {
    Process p = launch("-version");

    assertThat(output(p)).isEqualTo("real java: -version\n");
    assertThat(p.exitValue()).isEqualTo(3);
  }

  @Test
  void aStandbyThatIsGoneLeavesItToTheRealJava() throws Exception {
    int port;
    try (ServerSocket closed = loopback()) {
      port = closed.getLocalPort();
    }
    Files.writeString(ExecutorStandby.standbyDir(nodeDir).resolve("ready"), port + " tok\n");

    Process p = launch("a");

    assertThat(output(p)).endsWith("real java: a\n");
    assertThat(p.exitValue()).isEqualTo(3);
    assertThat(ExecutorStandby.standbyDir(nodeDir)).isEmptyDirectory();
  }

  @Test
  void handsTheWholeLaunchOverAndRunsTheRealJavaWhenRefused() throws Exception {
    try (ServerSocket server = loopback()) {
      var request = standby(server, (in, out) -> say(out, "no"));

      Process p = launch("-cp", "a b", "line\nbreak", "");

      assertThat(output(p)).isEqualTo("real java: -cp a b line\nbreak \n");
      LaunchRequest got = request.get(20, TimeUnit.SECONDS);
      assertThat(got.token()).isEqualTo("tok");
      assertThat(got.pid()).isEqualTo(p.pid());
      assertThat(got.args()).containsExactly("-cp", "a b", "line\nbreak", "");
      assertThat(got.env()).containsEntry("KILN_TEST_VAR", "x=y");
      assertThat(got.dir()).isEqualTo(Path.of(System.getProperty("user.dir")));
    }
    // The claim is gone: the next launch does not find this standby again.
    assertThat(ExecutorStandby.standbyDir(nodeDir).resolve("ready")).doesNotExist();
  }

  @Test
  void exitsWithTheStandbysExitCode() throws Exception {
    try (ServerSocket server = loopback()) {
      var request =
          standby(
              server,
              (in, out) -> {
                say(out, "ok");
                say(out, "something else");
                say(out, "exit 7");
              });

      Process p = launch("x");

      assertThat(output(p)).isEmpty();
      assertThat(p.exitValue()).isEqualTo(7);
      request.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void passesSigtermOnAndExitsAsTheStandbyDoes() throws Exception {
    try (ServerSocket server = loopback()) {
      var request =
          standby(
              server,
              (in, out) -> {
                say(out, "ok");
                StringBuilder line = new StringBuilder();
                for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
                  line.append((char) b);
                }
                say(out, line.toString().equals("TERM") ? "exit 143" : "exit 99");
              });

      Process p = launch("x");
      Thread.sleep(500); // the launcher is waiting for the standby by now
      p.toHandle().destroy(); // SIGTERM, as the Worker sends (Process.destroy closes the pipes too)

      assertThat(output(p)).isEmpty();
      assertThat(p.exitValue()).isEqualTo(143);
      request.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStandbyThatDiesWithoutAnExitCodeIsAFailure() throws Exception {
    try (ServerSocket server = loopback()) {
      var request = standby(server, (in, out) -> say(out, "ok"));

      Process p = launch("x");

      assertThat(output(p)).isEmpty();
      assertThat(p.exitValue()).isEqualTo(1);
      request.get(20, TimeUnit.SECONDS);
    }
  }
}
