package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverRoleTest {
  @Test
  void sessionRunsOnTheNodesMasterWithAuthAndTaggedExecutors() {
    Map<String, String> conf =
        DriverRole.sessionConf(Specs.driver(Map.of(), List.of()), "spark://127.0.0.1:7077");

    assertThat(conf)
        .containsEntry("spark.master", "spark://127.0.0.1:7077")
        .containsEntry("spark.app.name", "etl")
        .containsEntry("spark.ui.port", "0")
        .containsEntry("spark.authenticate", "true")
        .containsEntry("spark.authenticate.secret", "spark-secret")
        .containsEntry("spark.network.crypto.enabled", "true")
        .containsEntry("spark.network.crypto.saslFallback", "false")
        .containsEntry("spark.executor.extraJavaOptions", "-Dkiln.cluster=c-1")
        .containsEntry("spark.ui.proxyBase", "/driver-proxy/c-1");
  }

  @Test
  void specConfWinsOverDefaultsButNotOverAuth() {
    Map<String, String> conf =
        DriverRole.sessionConf(
            Specs.driver(
                Map.of(
                    "spark.master", "local[*]",
                    "spark.authenticate", "false",
                    "spark.network.crypto.enabled", "false",
                    "spark.executor.extraJavaOptions", "-Dx=1"),
                List.of()),
            "spark://127.0.0.1:7077");

    assertThat(conf)
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.authenticate", "true")
        .containsEntry("spark.network.crypto.enabled", "true")
        .containsEntry("spark.executor.extraJavaOptions", "-Dx=1 -Dkiln.cluster=c-1");
  }

  @Test
  void sparkConnectIsAppendedToUserPluginsBehindKilnTokens() {
    Map<String, String> conf =
        DriverRole.sessionConf(
            Specs.driver(
                Map.of(
                    "spark.plugins", "com.example.Plugin",
                    "spark.connect.grpc.binding.address", "0.0.0.0",
                    "spark.connect.authenticate.token", "shared"),
                List.of()),
            "spark://127.0.0.1:7077");

    assertThat(conf)
        .containsEntry(
            "spark.plugins", "com.example.Plugin,org.apache.spark.sql.connect.SparkConnectPlugin")
        .containsEntry(
            "spark.connect.grpc.interceptor.classes",
            "dev.kiln.driver.connect.KilnTokenInterceptor")
        .containsEntry("spark.connect.grpc.binding.address", "127.0.0.1")
        .containsEntry("spark.connect.grpc.binding.port", "0")
        .doesNotContainKey("spark.connect.authenticate.token");
  }
}
