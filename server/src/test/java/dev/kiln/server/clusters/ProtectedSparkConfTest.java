package dev.kiln.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.driver.catalog.DataConf;
import dev.kiln.driver.connect.SparkConnectSettings;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedSparkConfTest {
  private static void refusedConf(String key, String value) {
    assertThatThrownBy(() -> ProtectedSparkConf.check(Map.of(key, value), Map.of()))
        .as("spark_conf %s=%s", key, value)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining(key.strip());
  }

  private static void refusedEnv(String name, String value) {
    assertThatThrownBy(() -> ProtectedSparkConf.check(Map.of(), Map.of(name, value)))
        .as("spark_env_vars %s=%s", name, value)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("spark_env_vars key " + name);
  }

  @Test
  void everyListedKeyAndEnvVariableIsRefused() {
    ProtectedSparkConf.KEYS.forEach(k -> refusedConf(k, "x"));
    ProtectedSparkConf.PREFIXES.forEach(p -> refusedConf(p + (p.endsWith(".") ? "x" : ""), "x"));
    ProtectedSparkConf.ENV.forEach(n -> refusedEnv(n, "x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.driver.bindAddress",
        "spark.driver.host",
        "spark.connect.grpc.binding.address",
        "spark.ui.reverseProxy",
        "spark.ui.filters",
        "spark.ui.proxyBase",
        "spark.authenticate",
        "spark.authenticate.secret",
        "spark.authenticate.secret.file",
        "spark.authenticate.enableSaslEncryption",
        "spark.network.crypto.enabled",
        "spark.network.crypto.saslFallback",
        "spark.master.rest.enabled",
        "spark.connect.grpc.interceptor.classes",
        "spark.connect.authenticate.token",
        "spark.hadoop.fs.dbfs.impl",
        "spark.hadoop.javax.jdo.option.ConnectionURL",
        "spark.hadoop.javax.jdo.option.ConnectionPassword",
        "spark.kiln.connect.controlPlaneUrl",
        " spark.authenticate "
      })
  void openingKeysAreRefusedByName(String key) {
    refusedConf(key, "false");
  }

  @Test
  void everyKeyKilnSetsForSafetyOnANodeIsProtected() {
    // What the driver's session and the Master get regardless of the spec (DriverRole).
    Map<String, String> kiln = new LinkedHashMap<>();
    kiln.put("spark.authenticate", "true");
    kiln.put("spark.authenticate.secret", "s");
    kiln.put("spark.master.rest.enabled", "false");
    kiln.put("spark.ui.proxyBase", "/p");
    kiln.put("spark.ui.port", "0");
    kiln.put("spark.network.crypto.enabled", "true");
    kiln.putAll(SparkConnectSettings.apply(Map.of(), "http://127.0.0.1:1", 0));
    // DataConf's file system and metastore keys.
    DataConf.sparkConf("/dbfs", new DataConf.Metastore("jdbc:x", "D", "u", "p", true), 1)
        .forEach(
            (k, v) -> {
              if (k.startsWith("spark.hadoop.")) {
                kiln.put(k, v);
              }
            });
    kiln.remove("spark.plugins"); // appended to the user's: theirs cannot replace Kiln's
    kiln.forEach(ProtectedSparkConfTest::refusedConf);
  }

  @Test
  void theMasterCanOnlyBeLocal() {
    refusedConf("spark.master", "spark://10.0.0.1:7077");
    refusedConf("spark.master", "yarn");
    for (String local : List.of("local", "local[*]", "local[4]", "local[2, 3]")) {
      assertThatNoException()
          .isThrownBy(() -> ProtectedSparkConf.check(Map.of("spark.master", local), Map.of()));
    }
  }

  @Test
  void jvmOptionsMayNotOpenPortsNorSetProtectedKeys() {
    refusedConf(
        "spark.executor.extraJavaOptions",
        "-Xss4m -agentlib:jdwp=transport=dt_socket,server=y,address=*:5005");
    refusedConf("spark.driver.extraJavaOptions", "-Dcom.sun.management.jmxremote.port=9999");
    refusedConf("spark.executor.extraJavaOptions", "-Dspark.authenticate=false");
    refusedConf("spark.executor.extraJavaOptions", "-Dspark.network.crypto.enabled=false");
    refusedEnv("JAVA_TOOL_OPTIONS", "-Xrunjdwp:transport=dt_socket,address=5005");
    refusedEnv("SPARK_WORKER_OPTS", "-Dspark.authenticate.secret=mine");
    refusedConf("spark.executorEnv.SPARK_LOCAL_IP", "0.0.0.0");
    refusedConf("spark.executorEnv.JAVA_TOOL_OPTIONS", "-agentlib:jdwp=server=y");
    assertThatNoException()
        .isThrownBy(
            () ->
                ProtectedSparkConf.check(
                    Map.of("spark.executor.extraJavaOptions", "-Xss4m -Dmy.flag=1 -XX:+UseG1GC"),
                    Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8")));
  }

  @Test
  void ordinarySettingsPass() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", "7");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.task.cpus", "1");
    conf.put("spark.plugins", "com.example.MyPlugin");
    conf.put("spark.sql.extensions", "com.example.Ext");
    conf.put("spark.databricks.cluster.profile", "singleNode");
    conf.put("spark.kiln.python", "/usr/bin/python3");
    conf.put("spark.hadoop.fs.s3a.endpoint", "http://minio:9000");
    conf.put("spark.executorEnv.MY_VAR", "1");
    conf.put("spark.ui.showConsoleProgress", "true");
    assertThatNoException()
        .isThrownBy(
            () ->
                ProtectedSparkConf.check(
                    conf, Map.of("KILN_UI_TEST", "yes", "PYSPARK_PYTHON", "/usr/bin/python3")));
    assertThatNoException().isThrownBy(() -> ProtectedSparkConf.check(null, null));
  }
}
