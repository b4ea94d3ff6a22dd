package dev.kiln.server.jobs.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSubmitArgsTest {
  private static SparkSubmitArgs parse(String... args) {
    return SparkSubmitArgs.parse(List.of(args));
  }

  private static void refused(List<String> args, String message) {
    assertThatThrownBy(() -> SparkSubmitArgs.parse(args))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(message)
        .satisfies(
            e ->
                assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @Test
  void aJarApplicationTakesItsClassJarsConfsAndArguments() {
    var a =
        parse(
            "--class",
            "org.example.Main",
            "--jars",
            "dbfs:/a.jar, dbfs:/b.jar",
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--name",
            "my app",
            "dbfs:/app.jar",
            "x",
            "--y",
            "z");
    assertThat(a.mainClass()).isEqualTo("org.example.Main");
    assertThat(a.jars()).containsExactly("dbfs:/a.jar", "dbfs:/b.jar");
    assertThat(a.conf()).containsExactly(Map.entry("spark.sql.shuffle.partitions", "4"));
    assertThat(a.name()).isEqualTo("my app");
    assertThat(a.app()).isEqualTo("dbfs:/app.jar");
    assertThat(a.appArgs())
        .as("arguments after the app are the app's, flags too")
        .containsExactly("x", "--y", "z");
    assertThat(a.isPython()).isFalse();
    assertThat(a.ignored()).isEmpty();
  }

  @Test
  void optionsMayCarryTheirValueAfterAnEqualsSign() {
    var a = parse("--class=org.example.Main", "--conf=spark.a=1", "--jars=dbfs:/x.jar", "app.jar");
    assertThat(a.mainClass()).isEqualTo("org.example.Main");
    assertThat(a.conf()).containsExactly(Map.entry("spark.a", "1"));
    assertThat(a.jars()).containsExactly("dbfs:/x.jar");
  }

  @Test
  void aConfValueKeepsEverythingAfterTheFirstEqualsSign() {
    var a = parse("--conf", "spark.a=b=c", "-c", "spark.empty=", "--conf=spark.d=e=f", "app.jar");
    assertThat(a.conf())
        .containsExactly(
            Map.entry("spark.a", "b=c"), Map.entry("spark.empty", ""), Map.entry("spark.d", "e=f"));
  }

  @Test
  void quotesAndSpacesAreKeptAsGivenInOneArgument() {
    var a =
        parse(
            "--conf",
            "spark.x=\"quoted value\"",
            "--name",
            "'single quoted'",
            "app.jar",
            "two words",
            "\"q\"",
            "");
    assertThat(a.conf()).containsEntry("spark.x", "\"quoted value\"");
    assertThat(a.name()).isEqualTo("'single quoted'");
    assertThat(a.appArgs()).containsExactly("two words", "\"q\"", "");
  }

  @Test
  void aLaterConfOfTheSameKeyWins() {
    assertThat(parse("--conf", "k=1", "--conf", "k=2", "app.jar").conf()).containsEntry("k", "2");
  }

  @Test
  void aPythonApplicationTakesItsPyFiles() {
    var a = parse("--py-files", "dbfs:/lib.zip,/Shared/util.py", "dbfs:/main.py", "--flag");
    assertThat(a.isPython()).isTrue();
    assertThat(a.pyFiles()).containsExactly("dbfs:/lib.zip", "/Shared/util.py");
    assertThat(a.appArgs()).containsExactly("--flag");
    assertThat(a.mainClass()).isNull();
  }

  @Test
  void packagesAndRepositoriesAreKept() {
    var a =
        parse(
            "--packages", "g:a:1,g:b:2", "--repositories", "https://repo.example/maven", "app.jar");
    assertThat(a.packages()).containsExactly("g:a:1", "g:b:2");
    assertThat(a.repositories()).containsExactly("https://repo.example/maven");
  }

  @Test
  void clusterOptionsAreIgnoredWithTheirValues() {
    var a =
        parse(
            "--master",
            "yarn",
            "--deploy-mode=cluster",
            "--executor-memory",
            "4g",
            "--verbose",
            "--supervise",
            "app.jar");
    assertThat(a.ignored())
        .containsExactly(
            "--master yarn",
            "--deploy-mode=cluster",
            "--executor-memory 4g",
            "--verbose",
            "--supervise");
    assertThat(a.app()).isEqualTo("app.jar");
  }

  @Test
  void anUnknownOptionTakesTheNextArgumentUnlessItIsAnOptionOrTheApplication() {
    var a = parse("--frobnicate", "7", "--flag-only", "--other", "dbfs:/app.jar", "arg");
    assertThat(a.ignored()).containsExactly("--frobnicate 7", "--flag-only", "--other");
    assertThat(a.app()).isEqualTo("dbfs:/app.jar");
    assertThat(a.appArgs()).containsExactly("arg");
    assertThat(parse("--weird", "main.py").app()).isEqualTo("main.py");
    assertThat(parse("--weird=1", "x.bin").app()).isEqualTo("x.bin");
  }

  @Test
  void aDoubleDashEndsTheOptions() {
    var a = parse("--class", "M", "--", "--app-looking-like-an-option.jar", "a");
    assertThat(a.app()).isEqualTo("--app-looking-like-an-option.jar");
    assertThat(a.appArgs()).containsExactly("a");
  }

  @Test
  void withoutAnApplicationTheParametersAreRefused() {
    refused(List.of("--class", "M"), "no application");
    refused(List.of("--class", "M", "--jars", "a.jar"), "no application");
    refused(List.of("--verbose"), "no application");
    refused(List.of(), "parameters is required");
    refused(null, "parameters is required");
  }

  @Test
  void anOptionWithoutItsValueIsRefused() {
    refused(List.of("app.jar", "x").subList(0, 0), "parameters is required");
    refused(List.of("--class"), "--class needs a value");
    refused(List.of("--conf"), "--conf needs a value");
    refused(List.of("--class", " ", "app.jar"), "--class needs a value");
  }

  @Test
  void aConfWithoutKeyAndValueIsRefused() {
    refused(List.of("--conf", "novalue", "app.jar"), "needs key=value");
    refused(List.of("--conf", "=v", "app.jar"), "needs key=value");
  }

  @Test
  void optionsThatRunNoApplicationAreRefused() {
    refused(List.of("--help"), "not supported");
    refused(List.of("--version"), "not supported");
    refused(List.of("--kill", "driver-1"), "not supported");
    refused(List.of("--status", "driver-1"), "not supported");
  }

  @Test
  void optionsOfTheOtherKindOfApplicationAreRefused() {
    refused(List.of("--class", "M", "main.py"), "--class applies to a jar");
    refused(List.of("--py-files", "a.py", "app.jar"), "--py-files applies to a Python");
  }

  @Test
  void nullArgumentsAreRefused() {
    refused(Arrays.asList("--class", null), "--class needs a value");
    refused(Arrays.asList("app.jar", null), "must not hold null");
    refused(Arrays.asList((String) null), "must not hold null");
  }
}
