package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreateClusterResponse;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.support.Wait;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import dev.kiln.server.compute.LocalCompute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Running cells on a real running cluster (attached through the real clusters list), against the
 * Command Execution API 1.2 contract (camelCase, capitalised statuses, results by {@code
 * resultType}) given by {@link ContractStub} until the server serves it: only {@code /api/1.2/*} is
 * a stand-in.
 */
class NotebookRunUiIT extends UiTest {
  private static final String PATH = "/Users/admin/run-nb";
  private static String clusterId;
  private ContractStub stub;

  /** One single-node cluster for the class. */
  @BeforeAll
  static void runningCluster() throws Exception {
    Wait<ClusterDetails, CreateClusterResponse> created =
        admin
            .clusters()
            .create(
                new CreateCluster()
                    .setClusterName("notebook-run")
                    .setSparkVersion("1.0.x-scala2.13")
                    .setNodeTypeId("kiln-1c-2g")
                    .setNumWorkers(0L)
                    .setAutoterminationMinutes(0L));
    clusterId = created.getResponse().getClusterId();
    created.get(Duration.ofMinutes(3));
  }

  @AfterAll
  static void leaveNoProcess() {
    if (clusterId == null) {
      return;
    }
    admin.clusters().permanentDelete(clusterId);
    try {
      Awaitility.await("processes of " + clusterId + " to end")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(LocalCompute.processesOf(clusterId)).isEmpty());
    } finally {
      LocalCompute.processesOf(clusterId).forEach(LocalCompute::kill);
    }
  }

  @BeforeEach
  void notebookAndCluster() {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(PATH)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(
                    Base64.getEncoder()
                        .encodeToString(
                            """
                            # Databricks notebook source
                            # MAGIC %sql
                            # MAGIC SELECT name, n FROM t\
                            """
                                .getBytes(StandardCharsets.UTF_8))));
    stub =
        new ContractStub(page)
            .on("**/api/1.2/contexts/create", c -> Map.of("id", "1234567890"))
            .on(
                "**/api/1.2/contexts/status*",
                c -> Map.of("id", "1234567890", "status", "Running"));
  }

  private Locator cell() {
    return page.getByTestId("cell").first();
  }

  private void openAttachedAndRun() {
    signedIn();
    page.navigate(url("/notebook" + PATH));
    page.getByLabel("Attach to cluster").selectOption(clusterId);
    assertThat(page.getByTestId("attach")).containsText("RUNNING");
    cell().getByText("▶ Run").click();
  }

  @Test
  void aSqlCellRunsAndItsTableSortsAndDownloadsAsCsv() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    stub.on("**/api/1.2/commands/execute", c -> Map.of("id", "cmd-1"))
        .on(
            "**/api/1.2/commands/status*",
            c ->
                polls.incrementAndGet() < 2
                    ? Map.of("id", "cmd-1", "status", "Running")
                    : Map.of(
                        "id",
                        "cmd-1",
                        "status",
                        "Finished",
                        "results",
                        Map.of(
                            "resultType",
                            "table",
                            "schema",
                            List.of(
                                Map.of("name", "name", "type", "string"),
                                Map.of("name", "n", "type", "int")),
                            "data",
                            List.of(List.of("b", 2), List.of("a", 10), List.of("c", 1)),
                            "truncated",
                            false)));
    openAttachedAndRun();
    assertThat(page.getByTestId("row-count")).hasText("3 rows");
    assertThat(page.getByTestId("run-status")).containsText("Finished");
    Browser.screenshot(page, "notebook-table-result");

    var execute = stub.callsTo("/commands/execute").get(0).json();
    assertThat(execute.get("clusterId").asText()).isEqualTo(clusterId);
    assertThat(execute.get("contextId").asText()).isEqualTo("1234567890");
    assertThat(execute.get("language").asText()).isEqualTo("sql");
    assertThat(execute.get("command").asText()).isEqualTo("SELECT name, n FROM t");
    assertThat(stub.callsTo("/contexts/create").get(0).json().get("language").asText())
        .isEqualTo("python");

    Locator firstColumn = page.locator("table.grid tbody tr td:first-child");
    page.locator(
            "table.grid th", new com.microsoft.playwright.Page.LocatorOptions().setHasText("n"))
        .last()
        .click();
    assertThat(firstColumn).hasText(new String[] {"c", "b", "a"});
    page.locator(
            "table.grid th", new com.microsoft.playwright.Page.LocatorOptions().setHasText("n"))
        .last()
        .click();
    assertThat(firstColumn).hasText(new String[] {"a", "b", "c"});

    Download csv = page.waitForDownload(() -> page.getByText("Download CSV").click());
    assertThat(Files.readString(csv.path())).isEqualTo("name,n\na,10\nb,2\nc,1\n");

    page.getByLabel("Show as").selectOption("bar");
    assertThat(page.locator("svg.chart rect")).hasCount(3);
  }

  @Test
  void anErrorShowsItsSummaryWithTheTraceFolded() {
    stub.on("**/api/1.2/commands/execute", c -> Map.of("id", "cmd-2"))
        .on(
            "**/api/1.2/commands/status*",
            c ->
                Map.of(
                    "id",
                    "cmd-2",
                    "status",
                    "Finished",
                    "results",
                    Map.of(
                        "resultType",
                        "error",
                        "summary",
                        "<span class='ansi'>AnalysisException: Table or view not found: t</span>",
                        "cause",
                        "org.apache.spark.sql.AnalysisException: Table or view not found: t\n"
                            + "\tat org.apache.spark.sql.Dataset.ofRows(Dataset.scala:99)")));
    openAttachedAndRun();
    Locator error = page.locator(".error-result");
    assertThat(error.locator(".error-summary"))
        .hasText("AnalysisException: Table or view not found: t");
    Locator trace = error.locator("details pre");
    assertThat(trace).isHidden();
    error.getByText("Show the full trace").click();
    assertThat(trace).containsText("Dataset.scala:99");
  }

  @Test
  void aRunningCellCanBeCancelled() {
    AtomicBoolean cancelled = new AtomicBoolean();
    stub.on("**/api/1.2/commands/execute", c -> Map.of("id", "cmd-3"))
        .on(
            "**/api/1.2/commands/cancel",
            c -> {
              cancelled.set(true);
              return Map.of();
            })
        .on(
            "**/api/1.2/commands/status*",
            c -> Map.of("id", "cmd-3", "status", cancelled.get() ? "Cancelled" : "Running"));
    openAttachedAndRun();
    assertThat(page.getByTestId("run-status")).containsText("Running");
    cell().getByText("■ Cancel").click();
    assertThat(page.getByTestId("run-status")).containsText("Cancelled");
    var cancel = stub.callsTo("/commands/cancel").get(0).json();
    assertThat(cancel.get("commandId").asText()).isEqualTo("cmd-3");
    assertThat(cancel.get("contextId").asText()).isEqualTo("1234567890");
  }

  @Test
  void textAndImageResultsShow() {
    AtomicInteger run = new AtomicInteger();
    stub.on("**/api/1.2/commands/execute", c -> Map.of("id", "cmd-" + run.incrementAndGet()))
        .on(
            "**/api/1.2/commands/status*",
            c ->
                c.url().contains("commandId=cmd-1")
                    ? Map.of(
                        "id",
                        "cmd-1",
                        "status",
                        "Finished",
                        "results",
                        Map.of("resultType", "text", "data", "Out[1]: 42"))
                    : Map.of(
                        "id",
                        "cmd-2",
                        "status",
                        "Finished",
                        "results",
                        Map.of(
                            "resultType",
                            "image",
                            "fileName",
                            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")));
    openAttachedAndRun();
    assertThat(page.locator("pre.result.text")).hasText("Out[1]: 42");
    cell().getByText("▶ Run").click();
    assertThat(page.locator(".result.images img")).hasCount(1);
  }

  /** A failing server, simulated: the real one has no way to be made to fail on demand. */
  @Test
  void aClusterApiErrorIsShownInPlainWords() {
    page.unrouteAll();
    new ContractStub(page)
        .on(
            "**/api/2.1/clusters/list*",
            503,
            c ->
                Map.of(
                    "error_code",
                    "TEMPORARILY_UNAVAILABLE",
                    "message",
                    "The cluster manager is busy"));
    signedIn();
    page.navigate(url("/notebook" + PATH));
    assertThat(page.getByTestId("attach-error"))
        .hasText(
            "Clusters are not available: TEMPORARILY_UNAVAILABLE: The cluster manager is busy");
  }
}
