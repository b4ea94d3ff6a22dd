package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.it.crash.CrashWriter;
import dev.kiln.it.crash.DbfsWriter;
import dev.kiln.it.crash.NotebookWriter;
import dev.kiln.it.crash.ScimUserWriter;
import dev.kiln.it.crash.SecretWriter;
import dev.kiln.it.crash.TokenWriter;
import dev.kiln.it.crash.WriteLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged server while clients write: every write it acknowledged must be there and
 * intact after a restart, and the server must work as before. Each API under test is a {@link
 * CrashWriter}; add one to {@link #writers} to cover another API. A writer whose API this build
 * does not serve yet (404 {@code ENDPOINT_NOT_FOUND}) is left out and reported as not available.
 */
class CrashIT {
  private static final int THREADS_PER_WRITER = 3;
  private static final int ACKS_BEFORE_KILL = 30;

  @TempDir Path home;

  private static List<CrashWriter<?>> writers(ServerProcess server) {
    return List.of(
        new TokenWriter(server),
        new ScimUserWriter(server),
        new DbfsWriter(server, DbfsWriter.Upload.MULTIPART_PUT),
        new DbfsWriter(server, DbfsWriter.Upload.BLOCKS),
        new SecretWriter(server),
        new NotebookWriter(server));
  }

  @Test
  void acknowledgedWritesSurviveKill9AndTheServerWorksAfterRestart() throws Exception {
    try (ServerProcess server = ServerProcess.startForTests(home)) {
      WriteLoad load = WriteLoad.start(writers(server), THREADS_PER_WRITER);
      load.awaitAcknowledged(ACKS_BEFORE_KILL, Duration.ofSeconds(20));
      load.crash(server::kill9);
      // Which writers ran, and how much: a writer whose API is missing shows as not available.
      System.out.println(
          "CrashIT on " + TestStore.name() + ", acknowledged before kill -9: " + load);
      assertThat(load.failures()).as("failures before the kill (%s)", load).isEmpty();

      server.restart();
      load.verifyAcknowledged();
      assertOk(server.call("GET", "/api/2.0/preview/scim/v2/Me", null));
      load.writeOneMoreEach();
      load.verifyAcknowledged();
    }
  }
}
