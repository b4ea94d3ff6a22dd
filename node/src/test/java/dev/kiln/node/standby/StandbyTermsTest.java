package dev.kiln.node.standby;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which executor launches a standby JVM takes, and what it makes of them. */
class StandbyTermsTest {
  private static final String CP = "/rt/conf:/rt/jars/slf4j-api.jar:/rt/jars/*";
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin", "SPARK_HOME", "/rt");
  private static final StandbyTerms TERMS =
      new StandbyTerms(
          CP,
          1536,
          Set.of("--add-modules=jdk.incubator.vector", "-XX:SharedArchiveFile=/a.jsa"),
          ENV);

  private static List<String> launch(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("-cp", CP, "-Xmx1536M", "-Dspark.driver.port=4040"));
    args.addAll(List.of(extra));
    args.addAll(
        List.of(
            StandbyTerms.EXECUTOR_MAIN,
            "--driver-url",
            "spark://CoarseGrainedScheduler@localhost:4040",
            "--executor-id",
            "0"));
    return args;
  }

  private static StandbyTerms.Decision decide(List<String> args, Map<String, String> env) {
    return TERMS.decide(new LaunchRequest("t", 42, Path.of("/w/app/0"), args, env));
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(ENV);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void takesAClusterExecutorWithItsPropertiesSecretAndLogLinks() {
    StandbyTerms.Decision d =
        decide(
            launch("--add-modules=jdk.incubator.vector", "-Dkiln.cluster=c1"),
            env(
                "_SPARK_AUTH_SECRET", "s3cret",
                "SPARK_EXECUTOR_DIRS", "/w/local",
                "SPARK_LOG_URL_STDERR", "http://w/logPage?logType=stderr",
                "SHLVL", "2"));

    assertThat(d).isInstanceOf(StandbyTerms.Decision.Take.class);
    StandbyTerms.Decision.Take take = (StandbyTerms.Decision.Take) d;
    assertThat(take.args())
        .containsExactly(
            "--driver-url", "spark://CoarseGrainedScheduler@localhost:4040", "--executor-id", "0");
    assertThat(take.properties())
        .containsEntry("spark.driver.port", "4040")
        .containsEntry("kiln.cluster", "c1")
        .containsEntry("spark.authenticate.secret", "s3cret");
    assertThat(take.logUrls())
        .containsExactly(Map.entry("stderr", "http://w/logPage?logType=stderr"));
    assertThat(take.warmup()).isFalse();
  }

  @Test
  void aPoolTagWithoutAClusterIsTheWarmUp() {
    StandbyTerms.Decision d = decide(launch("-Dkiln.pool=p1"), ENV);

    assertThat(((StandbyTerms.Decision.Take) d).warmup()).isTrue();
  }

  @Test
  void refusesWhatANewJvmWouldRunDifferently() {
    assertThat(decide(List.of("-version"), ENV)).isInstanceOf(StandbyTerms.Decision.Refuse.class);
    assertThat(decide(launch("-XX:+UseZGC"), ENV))
        .isEqualTo(new StandbyTerms.Decision.Refuse("JVM option -XX:+UseZGC is not the standby's"));
    assertThat(decide(launch("-XX:ArchiveClassesAtExit=/b.jsa"), ENV))
        .isInstanceOf(StandbyTerms.Decision.Refuse.class);

    List<String> otherHeap = launch();
    otherHeap.set(2, "-Xmx1g");
    assertThat(decide(otherHeap, ENV))
        .isEqualTo(new StandbyTerms.Decision.Refuse("heap 1024 MB is not the standby's 1536 MB"));

    List<String> otherCp = launch();
    otherCp.set(1, "/rt/extra.jar:" + CP);
    assertThat(decide(otherCp, ENV)).isInstanceOf(StandbyTerms.Decision.Refuse.class);

    List<String> noHeap = launch();
    noHeap.remove(2);
    assertThat(decide(noHeap, ENV)).isInstanceOf(StandbyTerms.Decision.Refuse.class);
  }

  @Test
  void refusesAnotherEnvironmentButForWhatDiffersPerLaunch() {
    assertThat(decide(launch(), env("PYSPARK_PYTHON", "/opt/py")))
        .isEqualTo(new StandbyTerms.Decision.Refuse("environment differs in [PYSPARK_PYTHON]"));
    assertThat(decide(launch(), env("PATH", "/other")))
        .isInstanceOf(StandbyTerms.Decision.Refuse.class);
    Map<String, String> fewer = new HashMap<>(ENV);
    fewer.remove("PATH");
    assertThat(decide(launch(), fewer)).isInstanceOf(StandbyTerms.Decision.Refuse.class);
    assertThat(decide(launch(), env("PWD", "/w/app/0", "OLDPWD", "/", "_", "/usr/bin/env")))
        .isInstanceOf(StandbyTerms.Decision.Take.class);
  }

  @Test
  void readsJvmSizes() {
    assertThat(StandbyTerms.megabytes("1536M")).isEqualTo(1536);
    assertThat(StandbyTerms.megabytes("1536m")).isEqualTo(1536);
    assertThat(StandbyTerms.megabytes("2g")).isEqualTo(2048);
    assertThat(StandbyTerms.megabytes("1048576k")).isEqualTo(1024);
    assertThat(StandbyTerms.megabytes("1073741824")).isEqualTo(1024);
    assertThat(StandbyTerms.megabytes("1000k")).isEqualTo(-1);
    assertThat(StandbyTerms.megabytes("")).isEqualTo(-1);
    assertThat(StandbyTerms.megabytes("12x")).isEqualTo(-1);
    assertThat(StandbyTerms.megabytes("m")).isEqualTo(-1);
  }
}
