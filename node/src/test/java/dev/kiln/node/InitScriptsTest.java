package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.node.InitScriptResult;
import dev.kiln.model.node.InitScriptSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitScriptsTest {
  @TempDir Path nodeDir;

  private InitScriptSpec script(String name, String body) throws Exception {
    Path file = Files.writeString(nodeDir.resolve(name), body);
    return new InitScriptSpec(name, file.toString());
  }

  private InitScripts scripts() {
    return new InitScripts(nodeDir, InitScripts.databricksEnv(Specs.driver(Map.of(), List.of())));
  }

  @Test
  void scriptsRunInOrderInTheNodeDirWithDatabricksVariables() throws Exception {
    List<InitScriptSpec> list =
        List.of(
            script("first.sh", "echo \"$DB_CLUSTER_ID $DB_IS_DRIVER $DB_DRIVER_IP\"; pwd\n"),
            script("second.sh", "echo \"$DB_INSTANCE_TYPE $DB_IS_JOB_CLUSTER\" >&2\n"));
    List<InitScriptResult> done = new ArrayList<>();

    Optional<InitScriptResult> failed = scripts().runAll(list, done::add);

    assertThat(failed).isEmpty();
    assertThat(done).extracting(InitScriptResult::name).containsExactly("first.sh", "second.sh");
    Path logs = nodeDir.resolve("logs/init_scripts");
    assertThat(Files.readString(logs.resolve("00_first.sh.stdout.log")))
        .isEqualTo("c-1 TRUE 127.0.0.1\n" + nodeDir.toRealPath() + "\n");
    assertThat(Files.readString(logs.resolve("01_second.sh.stderr.log")))
        .isEqualTo("kiln.small FALSE\n");
  }

  @Test
  void aFailingScriptStopsTheRest() throws Exception {
    List<InitScriptSpec> list =
        List.of(
            script("ok.sh", "true\n"),
            script("bad.sh", "echo broken >&2; exit 3\n"),
            script("never.sh", "touch never-ran\n"));
    List<InitScriptResult> done = new ArrayList<>();

    Optional<InitScriptResult> failed = scripts().runAll(list, done::add);

    assertThat(failed).map(InitScriptResult::exitCode).contains(3);
    assertThat(failed).map(InitScriptResult::name).contains("bad.sh");
    assertThat(done).hasSize(2);
    assertThat(nodeDir.resolve("never-ran")).doesNotExist();
    assertThat(nodeDir.resolve("logs/init_scripts/01_bad.sh.stderr.log")).hasContent("broken");
  }

  @Test
  void aMissingScriptFails() throws Exception {
    List<InitScriptSpec> list =
        List.of(new InitScriptSpec("gone.sh", nodeDir.resolve("gone.sh").toString()));

    Optional<InitScriptResult> failed = scripts().runAll(list, r -> {});

    assertThat(failed).map(InitScriptResult::exitCode).isNotEqualTo(Optional.of(0));
  }

  @Test
  void logNamesAreNumberedAndSafe() {
    assertThat(InitScripts.logName(3, "a b/c.sh")).isEqualTo("03_a_b_c.sh");
  }
}
