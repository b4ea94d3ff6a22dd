package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spark Connect on a real cluster's driver, through the Spark Connect JVM client: a Kiln token lets
 * a client in, no token or a wrong one does not.
 */
class SparkConnectIT extends ServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private String clusterId;

  @AfterEach
  void leaveNothingRunning() {
    if (clusterId != null) {
      ClusterCalls.killLeftovers(clusterId);
    }
  }

  @Test
  void aKilnTokenOpensSparkConnectAndNothingElseDoes() throws Exception {
    // No workers: a single node whose SparkSession runs locally, as Databricks' single-node mode.
    clusterId =
        ClusterCalls.createRunning(
                admin, small("connect", 0).setSparkConf(Map.of("spark.master", "local[1]")))
            .getClusterId();
    String url = connectUrl();
    assertThat(url).matches("sc://127\\.0\\.0\\.1:\\d+/;use_ssl=false");

    try (SparkSession spark = session(url + ";authorization=Bearer%20" + server.adminToken())) {
      assertThat(spark.range(10).count()).isEqualTo(10L);
      List<Row> rows =
          spark.sql("SELECT sum(id) AS total, 'kiln' AS who FROM range(10)").collectAsList();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).getLong(0)).isEqualTo(45L);
      assertThat(rows.get(0).getString(1)).isEqualTo("kiln");
    }

    assertRefused(url);
    assertRefused(url + ";authorization=Bearer%20dapi-not-a-kiln-token");

    admin.clusters().permanentDelete(clusterId);
    assertThatThrownBy(() -> admin.clusters().get(clusterId))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertNoProcessesLeft(clusterId);
  }

  private String connectUrl() throws Exception {
    JsonNode details =
        JSON.readTree(
            server.call("GET", "/api/2.1/clusters/get?cluster_id=" + clusterId, null).body());
    return details.path("spark_connect_url").asText();
  }

  private static SparkSession session(String url) {
    return SparkSession.builder().remote(url).create();
  }

  private static void assertRefused(String url) {
    assertThatThrownBy(
            () -> {
              try (SparkSession spark = session(url)) {
                spark.range(10).count();
              }
            })
        .satisfies(e -> assertThat(messages(e)).contains("UNAUTHENTICATED"));
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
