package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Compute pages against the Clusters API contract (and Kiln's cluster logs extension), given by
 * {@link ContractStub} until the server serves them: list paging, the create form, a cluster's
 * configuration, events following {@code next_page}, logs, and the action buttons.
 */
class ClusterPagesUiIT extends UiTest {
  private static final String ID = "0101-000000-abcdefgh";

  private static Map<String, Object> cluster(String id, String name, String state) {
    return Map.of(
        "cluster_id",
        id,
        "cluster_name",
        name,
        "state",
        state,
        "spark_version",
        "16.4.x-scala2.13",
        "node_type_id",
        "local-2c-4g",
        "num_workers",
        2,
        "autotermination_minutes",
        60,
        "spark_conf",
        Map.of("spark.sql.shuffle.partitions", "8"),
        "spark_ui_url",
        "http://127.0.0.1:4040/");
  }

  @Test
  void theListPagesWithPageTokens() {
    new ContractStub(page)
        .on(
            "**/api/2.1/clusters/list*",
            c ->
                c.url().contains("page_token=p2")
                    ? Map.of("clusters", List.of(cluster("c-3", "third", "TERMINATED")))
                    : Map.of(
                        "clusters",
                        List.of(
                            cluster("c-1", "first", "RUNNING"),
                            cluster("c-2", "second", "PENDING")),
                        "next_page_token",
                        "p2"));
    signedIn();
    page.navigate(url("/compute"));
    assertThat(page.getByTestId("cluster-list")).containsText("first");
    assertThat(page.getByTestId("cluster-list")).containsText("2 workers");
    Browser.screenshot(page, "compute-list");
    page.getByText("Next ›").click();
    assertThat(page.getByTestId("cluster-list")).containsText("third");
    assertThat(page.getByTestId("cluster-list")).not().containsText("first");
    page.getByText("‹ Previous").click();
    assertThat(page.getByTestId("cluster-list")).containsText("first");
  }

  @Test
  void theCreateFormSendsTheSpec() {
    ContractStub stub =
        new ContractStub(page)
            .on(
                "**/api/2.1/clusters/spark-versions",
                c ->
                    Map.of(
                        "versions",
                        List.of(
                            Map.of(
                                "key",
                                "16.4.x-scala2.13",
                                "name",
                                "Kiln 16.4 (Apache Spark 4.2.0)"))))
            .on(
                "**/api/2.1/clusters/list-node-types",
                c ->
                    Map.of(
                        "node_types",
                        List.of(
                            Map.of(
                                "node_type_id", "local-2c-4g", "num_cores", 2, "memory_mb", 4096),
                            Map.of(
                                "node_type_id", "local-4c-8g", "num_cores", 4, "memory_mb", 8192))))
            .on("**/api/2.1/clusters/create", c -> Map.of("cluster_id", ID))
            .on("**/api/2.1/clusters/get*", c -> cluster(ID, "etl", "PENDING"))
            .on("**/api/2.1/clusters/events", c -> Map.of("events", List.of()));
    signedIn();
    page.navigate(url("/compute/create"));
    page.locator("input[name=cluster_name]").fill("etl");
    page.locator("select[name=node_type_id]").selectOption("local-4c-8g");
    page.locator("input[name=autoscale]").check();
    page.locator("input[name=min_workers]").fill("1");
    page.locator("input[name=max_workers]").fill("3");
    page.locator("input[name=autotermination_minutes]").fill("30");
    page.locator("textarea[name=spark_conf]").fill("spark.sql.shuffle.partitions 8\nspark.x=y");
    Browser.screenshot(page, "compute-create-form");
    page.getByText("Create cluster").last().click();
    assertThat(page).hasURL(url("/compute/clusters/" + ID));

    JsonNode spec = stub.callsTo("/clusters/create").get(0).json();
    assertThat(spec.get("cluster_name").asText()).isEqualTo("etl");
    assertThat(spec.get("spark_version").asText()).isEqualTo("16.4.x-scala2.13");
    assertThat(spec.get("node_type_id").asText()).isEqualTo("local-4c-8g");
    assertThat(spec.get("autoscale").get("min_workers").asInt()).isEqualTo(1);
    assertThat(spec.get("autoscale").get("max_workers").asInt()).isEqualTo(3);
    assertThat(spec.has("num_workers")).isFalse();
    assertThat(spec.get("autotermination_minutes").asInt()).isEqualTo(30);
    assertThat(spec.get("spark_conf").get("spark.sql.shuffle.partitions").asText()).isEqualTo("8");
    assertThat(spec.get("spark_conf").get("spark.x").asText()).isEqualTo("y");
  }

  @Test
  void theDetailPageShowsConfigEventsLogsAndActs() {
    ContractStub stub =
        new ContractStub(page)
            .on("**/api/2.1/clusters/get*", c -> cluster(ID, "etl", "RUNNING"))
            .on(
                "**/api/2.1/clusters/events",
                c ->
                    c.json().has("page_token")
                        ? Map.of(
                            "events",
                            List.of(
                                Map.of("cluster_id", ID, "timestamp", 1000, "type", "CREATING")))
                        : Map.of(
                            "events",
                            List.of(Map.of("cluster_id", ID, "timestamp", 2000, "type", "RUNNING")),
                            "next_page",
                            Map.of("cluster_id", ID, "page_token", "older")))
            .on(
                "**/api/2.1/clusters/logs/list*",
                c ->
                    Map.of(
                        "nodes",
                        List.of(
                            Map.of(
                                "instance_id",
                                "i-driver",
                                "role",
                                "driver",
                                "files",
                                List.of(Map.of("path", "stdout", "size", 12))))))
            .onUrl(
                u -> u.contains("/api/2.1/clusters/logs?"),
                c -> Map.of("content", "Spark started\n", "truncated", false))
            .on("**/api/2.1/clusters/delete", c -> Map.of())
            .on("**/api/2.1/clusters/restart", c -> Map.of());
    signedIn();
    page.navigate(url("/compute/clusters/" + ID));
    assertThat(page.locator("table.kv")).containsText("16.4.x-scala2.13");
    assertThat(page.locator("pre.conf")).hasText("spark.sql.shuffle.partitions 8");
    assertThat(page.getByText("Spark UI")).hasAttribute("href", "http://127.0.0.1:4040/");
    assertThat(stub.callsTo("/clusters/get").get(0).url()).endsWith("cluster_id=" + ID);
    Browser.screenshot(page, "compute-detail");

    page.getByText("Event log").click();
    assertThat(page.getByTestId("event-list")).containsText("RUNNING");
    page.getByText("Load older events").click();
    assertThat(page.getByTestId("event-list")).containsText("CREATING");
    List<ContractStub.Call> events = stub.callsTo("/clusters/events");
    assertThat(events.get(events.size() - 1).json().get("page_token").asText()).isEqualTo("older");

    page.getByText("Driver and worker logs").click();
    page.getByText("stdout").click();
    assertThat(page.locator(".log-view pre")).hasText("Spark started\n");
    ContractStub.Call read = stub.callsTo("/clusters/logs?").get(0);
    assertThat(read.url()).contains("instance_id=i-driver").contains("path=stdout");

    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Terminate"))
        .click();
    assertThat(stub.callsTo("/clusters/delete")).hasSize(1);
    assertThat(stub.callsTo("/clusters/delete").get(0).json().get("cluster_id").asText())
        .isEqualTo(ID);
  }
}
