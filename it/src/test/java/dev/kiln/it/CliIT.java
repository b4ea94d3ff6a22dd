package dev.kiln.it;

import static dev.kiln.it.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kiln} command line, in-process, against a real server. */
class CliIT extends ServerIT {

  @TempDir Path temp;

  private Map<String, String> env() {
    return CliRun.adminEnv(server, temp);
  }

  private CliRun kiln(String... args) {
    return kiln(env(), "", args);
  }

  private static CliRun kiln(Map<String, String> env, String stdin, String... args) {
    return CliRun.run(env, stdin, args);
  }

  @Test
  void fsCopiesATreeToDbfsAndBack() throws IOException {
    Path tree = Files.createDirectories(temp.resolve("tree/sub"));
    Files.write(tree.resolve("empty.txt"), new byte[0]);
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(8).nextBytes(big);
    Files.write(tree.resolve("big.bin"), big);
    Files.writeString(temp.resolve("tree/top.txt"), "hello kiln\n");

    ok(kiln("fs", "cp", "-r", temp.resolve("tree").toString(), "dbfs:/cli/tree"));
    assertThat(ok(kiln("fs", "ls", "dbfs:/cli/tree")).out()).isEqualTo("sub\ntop.txt\n");
    assertThat(ok(kiln("fs", "ls", "-l", "dbfs:/cli/tree/sub")).out())
        .contains("FILE", "3145745", "big.bin", "empty.txt");
    assertThat(ok(kiln("fs", "cat", "dbfs:/cli/tree/top.txt")).out()).isEqualTo("hello kiln\n");

    Path back = temp.resolve("back");
    ok(kiln("fs", "cp", "-r", "dbfs:/cli/tree", back.toString()));
    assertSameTree(temp.resolve("tree"), back);

    // Both directions refuse to replace a file unless told to.
    String top = temp.resolve("tree/top.txt").toString();
    CliRun again = kiln("fs", "cp", top, "dbfs:/cli/tree/top.txt");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).startsWith("Error: RESOURCE_ALREADY_EXISTS: ");
    ok(kiln("fs", "cp", "--overwrite", top, "dbfs:/cli/tree/top.txt"));
    assertThat(
            kiln("fs", "cp", "dbfs:/cli/tree/top.txt", back.resolve("top.txt").toString()).code())
        .isEqualTo(1);

    // One file onto a folder lands inside it.
    ok(kiln("fs", "cp", top, "dbfs:/cli/tree/sub"));
    assertThat(ok(kiln("fs", "cat", "dbfs:/cli/tree/sub/top.txt")).out()).isEqualTo("hello kiln\n");

    ok(kiln("fs", "rm", "-r", "dbfs:/cli/tree"));
    assertThat(kiln("fs", "ls", "dbfs:/cli/tree").code()).isEqualTo(1);
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(expected)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).hasSize(3);
    for (Path file : files) {
      Path copy = actual.resolve(expected.relativize(file));
      assertThat(Files.readAllBytes(copy)).as("%s", copy).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void fsMoveAndQuietLargeCopy() throws IOException {
    Path big = temp.resolve("big.bin");
    byte[] bytes = new byte[9 * 1024 * 1024 + 5];
    new Random(9).nextBytes(bytes);
    Files.write(big, bytes);
    // Over the progress threshold, but stderr is no terminal here: nothing on it.
    CliRun up = ok(kiln("fs", "cp", big.toString(), "dbfs:/cli/mv/big.bin"));
    assertThat(up.err()).isEmpty();

    ok(kiln("fs", "mv", "dbfs:/cli/mv/big.bin", "dbfs:/cli/mv/moved.bin"));
    assertThat(ok(kiln("fs", "ls", "dbfs:/cli/mv")).out()).isEqualTo("moved.bin\n");
    Path back = temp.resolve("back.bin");
    CliRun down = ok(kiln("fs", "cp", "dbfs:/cli/mv/moved.bin", back.toString()));
    assertThat(down.err()).isEmpty();
    assertThat(Files.readAllBytes(back)).isEqualTo(bytes);

    ok(kiln("fs", "mv", "dbfs:/cli/mv", "dbfs:/cli/mv2"));
    assertThat(ok(kiln("fs", "ls", "dbfs:/cli/mv2")).out()).isEqualTo("moved.bin\n");
    CliRun missing = kiln("fs", "mv", "dbfs:/cli/mv", "dbfs:/cli/mv3");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
    ok(kiln("fs", "rm", "-r", "dbfs:/cli/mv2"));
  }

  @Test
  void fsMkdirsAndJsonListing() throws IOException {
    ok(kiln("fs", "mkdirs", "dbfs:/cli/json/a/b"));
    JsonNode listed = ok(kiln("fs", "ls", "-o", "json", "dbfs:/cli/json")).json();
    assertThat(listed.isArray()).isTrue();
    assertThat(listed.get(0).get("path").asText()).isEqualTo("/cli/json/a");
    assertThat(listed.get(0).get("is_dir").asBoolean()).isTrue();
  }

  @Test
  void apiErrorsAreOneLineAndExitOne() {
    CliRun missing = kiln("fs", "ls", "dbfs:/missing");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ").endsWith("\n");
    assertThat(missing.err().lines()).hasSize(1);

    CliRun cat = kiln("fs", "cat", "dbfs:/missing.txt");
    assertThat(cat.code()).isEqualTo(1);
    assertThat(cat.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");

    Map<String, String> badToken = env();
    badToken.put("DATABRICKS_TOKEN", "dapi-not-a-token");
    CliRun denied = kiln(badToken, "", "tokens", "list");
    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.err().lines()).hasSize(1);
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(kiln("fs", "ls", "--bogus").code()).isEqualTo(2);
    assertThat(kiln("nope").code()).isEqualTo(2);
    assertThat(ok(kiln("fs", "cp", "--help")).out()).contains("--overwrite");
    assertThat(
            kiln("secrets", "put-secret", "s", "k", "--string-value", "a", "--bytes-value", "Yg==")
                .code())
        .isEqualTo(2);
    CliRun localToLocal = kiln("fs", "cp", "a", "b");
    assertThat(localToLocal.code()).isEqualTo(1);
    assertThat(localToLocal.err()).startsWith("Error: ");
  }

  @Test
  void workspaceImportListExportRemove() throws IOException {
    ok(kiln("workspace", "mkdirs", "/Users/cli"));
    Path source = temp.resolve("nb.py");
    Files.writeString(source, "print(1)\n");
    ok(
        kiln(
            "workspace",
            "import",
            "--format",
            "SOURCE",
            "--language",
            "python",
            source.toString(),
            "/Users/cli/nb"));
    CliRun twice =
        kiln(
            "workspace",
            "import",
            "--format",
            "SOURCE",
            "--language",
            "PYTHON",
            source.toString(),
            "/Users/cli/nb");
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).startsWith("Error: RESOURCE_ALREADY_EXISTS: ");
    ok(
        kiln(
            "workspace",
            "import",
            "--overwrite",
            "--format",
            "SOURCE",
            "--language",
            "PYTHON",
            source.toString(),
            "/Users/cli/nb"));

    JsonNode listed = ok(kiln("workspace", "ls", "-o", "json", "/Users/cli")).json();
    assertThat(listed.get(0).get("object_type").asText()).isEqualTo("NOTEBOOK");
    assertThat(listed.get(0).get("language").asText()).isEqualTo("PYTHON");
    assertThat(ok(kiln("workspace", "ls", "/Users/cli")).out())
        .contains("NOTEBOOK", "/Users/cli/nb");

    assertThat(ok(kiln("workspace", "export", "/Users/cli/nb")).out()).contains("print(1)");
    Path exported = temp.resolve("exported.py");
    ok(kiln("workspace", "export", "--format", "SOURCE", "/Users/cli/nb", exported.toString()));
    assertThat(Files.readString(exported)).contains("print(1)");

    ok(kiln("workspace", "rm", "-r", "/Users/cli"));
    CliRun gone = kiln("workspace", "ls", "/Users/cli");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
  }

  @Test
  void workspaceDirectoriesRoundTrip() throws IOException {
    Path tree = Files.createDirectories(temp.resolve("project/lib"));
    Files.writeString(tree.resolve("util.py"), "# Databricks notebook source\nx = 1\n");
    Files.writeString(
        temp.resolve("project/main.scala"), "// Databricks notebook source\nval y = 2\n");
    Files.writeString(
        temp.resolve("project/query.sql"), "-- Databricks notebook source\nSELECT 1\n");
    Files.writeString(
        temp.resolve("project/nb.ipynb"),
        "{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"print(3)\"],\"metadata\":{},"
            + "\"outputs\":[],\"execution_count\":null}],\"metadata\":{\"language_info\":"
            + "{\"name\":\"python\"}},\"nbformat\":4,\"nbformat_minor\":5}");
    Files.writeString(temp.resolve("project/data.csv"), "a,b\n1,2\n");

    ok(kiln("workspace", "import-dir", temp.resolve("project").toString(), "/Users/dirs"));
    JsonNode top = ok(kiln("workspace", "ls", "-o", "json", "/Users/dirs")).json();
    Map<String, String> types = new HashMap<>();
    top.forEach(o -> types.put(o.get("path").asText(), o.get("object_type").asText()));
    assertThat(types)
        .containsEntry("/Users/dirs/lib", "DIRECTORY")
        .containsEntry("/Users/dirs/main", "NOTEBOOK")
        .containsEntry("/Users/dirs/query", "NOTEBOOK")
        .containsEntry("/Users/dirs/nb", "NOTEBOOK")
        .containsEntry("/Users/dirs/data.csv", "FILE");
    assertThat(ok(kiln("workspace", "ls", "/Users/dirs/lib")).out()).contains("PYTHON", "util");
    CliRun again =
        kiln("workspace", "import-dir", temp.resolve("project").toString(), "/Users/dirs");
    assertThat(again.code()).isEqualTo(1);
    ok(
        kiln(
            "workspace",
            "import-dir",
            "--overwrite",
            temp.resolve("project").toString(),
            "/Users/dirs"));

    Path out = temp.resolve("exported");
    ok(kiln("workspace", "export-dir", "/Users/dirs", out.toString()));
    assertThat(Files.readString(out.resolve("lib/util.py"))).contains("x = 1");
    assertThat(Files.readString(out.resolve("main.scala"))).contains("val y = 2");
    assertThat(Files.readString(out.resolve("query.sql"))).contains("SELECT 1");
    assertThat(Files.readString(out.resolve("nb.py"))).contains("print(3)");
    assertThat(Files.readString(out.resolve("data.csv"))).isEqualTo("a,b\n1,2\n");
    CliRun exists = kiln("workspace", "export-dir", "/Users/dirs", out.toString());
    assertThat(exists.code()).isEqualTo(1);
    assertThat(exists.err()).startsWith("Error: ").contains("--overwrite");
    ok(kiln("workspace", "export-dir", "--overwrite", "/Users/dirs", out.toString()));
    ok(kiln("workspace", "rm", "-r", "/Users/dirs"));
  }

  @Test
  void secretsFromOptionsAndStdin() throws IOException {
    ok(kiln("secrets", "create-scope", "cli-scope"));
    assertThat(ok(kiln("secrets", "list-scopes")).out()).contains("cli-scope", "DATABRICKS");
    ok(kiln("secrets", "put-secret", "cli-scope", "text", "--string-value", "s3cret"));
    ok(kiln("secrets", "put-secret", "cli-scope", "bytes", "--bytes-value", "AAEC"));
    ok(kiln(env(), "from stdin", "secrets", "put-secret", "cli-scope", "piped"));
    assertThat(admin.secrets().getSecret("cli-scope", "piped").getValue())
        .isEqualTo(
            java.util.Base64.getEncoder()
                .encodeToString("from stdin".getBytes(StandardCharsets.UTF_8)));

    JsonNode keys = ok(kiln("secrets", "list-secrets", "-o", "json", "cli-scope")).json();
    assertThat(keys.findValuesAsText("key")).containsExactlyInAnyOrder("text", "bytes", "piped");
    ok(kiln("secrets", "delete-secret", "cli-scope", "text"));
    assertThat(ok(kiln("secrets", "list-secrets", "cli-scope")).out()).doesNotContain("text ");
    ok(kiln("secrets", "delete-scope", "cli-scope"));
    assertThat(ok(kiln("secrets", "list-scopes")).out()).doesNotContain("cli-scope");
  }

  @Test
  void secretAcls() throws IOException {
    ok(kiln("secrets", "create-scope", "acl-scope"));
    ok(kiln("secrets", "put-acl", "acl-scope", "users", "read"));
    assertThat(ok(kiln("secrets", "list-acls", "acl-scope")).out())
        .contains("Principal", "users", "READ");
    JsonNode one = ok(kiln("secrets", "get-acl", "-o", "json", "acl-scope", "users")).json();
    assertThat(one.get("principal").asText()).isEqualTo("users");
    assertThat(one.get("permission").asText()).isEqualTo("READ");
    ok(kiln("secrets", "put-acl", "acl-scope", "users", "WRITE"));
    assertThat(ok(kiln("secrets", "get-acl", "acl-scope", "users")).out()).contains("WRITE");
    JsonNode all = ok(kiln("secrets", "list-acls", "-o", "json", "acl-scope")).json();
    assertThat(all.findValuesAsText("principal")).contains("users");

    assertThat(kiln("secrets", "put-acl", "acl-scope", "users", "OWN").code()).isEqualTo(2);
    ok(kiln("secrets", "delete-acl", "acl-scope", "users"));
    CliRun gone = kiln("secrets", "get-acl", "acl-scope", "users");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
    assertThat(ok(kiln("secrets", "list-acls", "acl-scope")).out()).doesNotContain("users");
    ok(kiln("secrets", "delete-scope", "acl-scope"));
  }

  @Test
  void tokensCreateListRevoke() throws IOException {
    JsonNode created =
        ok(kiln("tokens", "create", "--comment", "cli", "--lifetime-seconds", "3600", "-o", "json"))
            .json();
    String id = created.get("token_info").get("token_id").asText();
    String value = created.get("token_value").asText();
    assertThat(ok(kiln("tokens", "list")).out()).contains(id, "cli");

    Map<String, String> asNew = env();
    asNew.put("DATABRICKS_TOKEN", value);
    ok(kiln(asNew, "", "fs", "ls", "dbfs:/"));

    ok(kiln("tokens", "revoke", id));
    assertThat(ok(kiln("tokens", "list", "-o", "json")).json().findValuesAsText("token_id"))
        .doesNotContain(id);
    assertThat(kiln(asNew, "", "fs", "ls", "dbfs:/").code()).isEqualTo(1);
  }

  @Test
  void profileFromAConfigFile() throws IOException {
    Path config = temp.resolve("databrickscfg");
    Files.writeString(
        config,
        "[DEFAULT]\nhost = http://127.0.0.1:1\n\n[kiln]\nhost = "
            + server.url()
            + "\ntoken = "
            + server.adminToken()
            + "\n");
    Map<String, String> env = Map.of("DATABRICKS_CONFIG_FILE", config.toString());
    ok(kiln(env, "", "--profile", "kiln", "fs", "ls", "dbfs:/"));
    ok(kiln(env, "", "fs", "ls", "--profile", "kiln", "dbfs:/"));
    CliRun unknown = kiln(env, "", "--profile", "nope", "fs", "ls", "dbfs:/");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("Error: ").contains("nope");
  }

  @Test
  void configureWritesAProfileAndKeepsTheOthers() throws IOException {
    Path config = temp.resolve("cfg/databrickscfg");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "; mine\n[other]\nhost = http://example.invalid\ntoken = keep-me\n");
    Map<String, String> env = Map.of("DATABRICKS_CONFIG_FILE", config.toString());

    ok(
        kiln(
            env,
            "",
            "configure",
            "--profile",
            "kiln",
            "--host",
            server.url(),
            "--token",
            "dapi-stale"));
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(kiln(env, "", "--profile", "kiln", "fs", "ls", "dbfs:/").code()).isEqualTo(1);

    // Again with the token on stdin: the profile is updated in place, not repeated.
    ok(
        kiln(
            env,
            server.adminToken() + "\n",
            "configure",
            "--profile",
            "kiln",
            "--host",
            server.url()));
    String text = Files.readString(config);
    assertThat(text)
        .startsWith("; mine\n[other]\nhost = http://example.invalid\ntoken = keep-me\n")
        .doesNotContain("dapi-stale");
    assertThat(text.split("\\[kiln]", -1)).hasSize(2);
    ok(kiln(env, "", "--profile", "kiln", "fs", "ls", "dbfs:/"));

    // Without --profile it is DEFAULT, which the SDK then uses by default.
    ok(kiln(env, server.adminToken(), "configure", "--host", server.url()));
    assertThat(Files.readString(config)).contains("[DEFAULT]", "[other]", "[kiln]");
    ok(kiln(env, "", "tokens", "list"));

    CliRun noToken = kiln(env, "", "configure", "--host", server.url());
    assertThat(noToken.code()).isEqualTo(1);
    assertThat(noToken.err()).startsWith("Error: no token");
    assertThat(kiln(env, "", "configure").code()).isEqualTo(2);
  }

  @Test
  void completionScriptsKnowTheCommands() {
    String bash = ok(kiln("completion", "bash")).out();
    assertThat(bash)
        .contains("complete -F", "kiln")
        .contains("fs", "workspace", "secrets", "tokens", "configure")
        .contains("import-dir", "put-acl", "mv")
        .contains("libraries", "all-cluster-statuses", "--maven-coordinates", "--pypi-package");
    String zsh = ok(kiln("completion", "zsh")).out();
    assertThat(zsh).startsWith("autoload -U +X compinit").contains("bashcompinit", "import-dir");
    assertThat(kiln("completion", "fish").code()).isEqualTo(2);
  }
}
