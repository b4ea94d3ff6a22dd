package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.kiln.it.SharedCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Running notebook cells on the shared single-node cluster through the Command Execution API 1.2:
 * SQL, Python and Scala cells in one notebook (a context per language), every kind of result,
 * cancelling a long cell, the run queue, widgets, and the notebook's state surviving a reload.
 */
@SharedCluster.OnSharedCluster
class NotebookRunUiIT extends UiTest {
  /**
   * Contexts start in seconds, a Scala one in tens of seconds on a busy machine: every wait on the
   * cluster gets this long (Playwright's assertions wait 5 s by default).
   */
  private static final double SLOW_MS = Duration.ofMinutes(3).toMillis();

  private static String clusterId;

  @BeforeAll
  static void runningCluster() throws Exception {
    clusterId = SharedCluster.clusterId();
  }

  private static void importNotebook(String path, String source) {
    importNotebook(path, source, Language.PYTHON);
  }

  private static void importNotebook(String path, String source, Language language) {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(path)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(language)
                .setOverwrite(true)
                .setContent(
                    Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8))));
  }

  private void openAttached(String path) {
    signedIn();
    page.navigate(url("/notebook" + path));
    page.getByLabel("Attach to cluster").selectOption(clusterId);
    assertThat(page.getByTestId("attach-state")).hasText("RUNNING");
  }

  private Locator cell(int i) {
    return page.getByTestId("cell").nth(i);
  }

  private static Locator status(Locator cell) {
    return cell.getByTestId("run-status");
  }

  private static LocatorAssertions.HasTextOptions slowText() {
    return new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS);
  }

  private static LocatorAssertions.HasAttributeOptions slowly() {
    return new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS);
  }

  @Test
  void sqlPythonAndScalaCellsRunInOrderAndShowEveryKindOfResult() throws Exception {
    String path = "/Users/admin/run-all";
    importNotebook(
        path,
        """
        # Databricks notebook source
        # MAGIC %sql
        # MAGIC SELECT * FROM VALUES ('b', 2), ('a', 10), ('c', 1) AS t(name, n)

        # COMMAND ----------

        print('hello from python')
        6 * 7

        # COMMAND ----------

        # MAGIC %scala
        # MAGIC val answer = 21 * 2

        # COMMAND ----------

        # MAGIC %md
        # MAGIC ## Tables and plots

        # COMMAND ----------

        display(spark.range(3).toDF('n'))

        # COMMAND ----------

        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3], [4, 1, 9])

        # COMMAND ----------

        1 / 0

        # COMMAND ----------

        print('never run')\
        """);
    openAttached(path);
    page.getByText("Run all").click();

    // The error cell fails; the cell after it is skipped, as Run all stops at a failure.
    assertThat(status(cell(7))).hasAttribute("data-status", "Skipped", slowly());
    assertThat(status(cell(6))).hasAttribute("data-status", "Finished");
    assertThat(status(cell(6))).containsText("Failed");
    for (int i : new int[] {0, 1, 2, 4, 5}) {
      assertThat(status(cell(i))).hasAttribute("data-status", "Finished");
      assertThat(status(cell(i))).containsText(" s");
    }

    assertThat(cell(0).getByTestId("row-count")).hasText("3 rows");
    assertThat(cell(1).locator("pre.result.text")).hasText("hello from python\n42");
    assertThat(cell(2).locator("pre.result.text")).containsText("answer: Int = 42");
    assertThat(cell(3).locator(".markdown h2")).hasText("Tables and plots");
    assertThat(cell(4).getByTestId("row-count")).hasText("3 rows");
    assertThat(cell(5).locator(".result.images img"))
        .hasAttribute("src", java.util.regex.Pattern.compile("^data:image/png;base64,.+"));
    Locator error = cell(6).locator(".error-result");
    assertThat(error.locator(".error-summary")).containsText("ZeroDivisionError");
    Locator trace = error.locator("details pre");
    assertThat(trace).isHidden();
    assertThat(cell(7).locator(".result")).hasCount(0);
    Browser.screenshot(page, "notebook-run-results");
    error.getByText("Show the full trace").click();
    assertThat(trace).containsText("Traceback");

    // The SQL table sorts by a column, both ways, and downloads as CSV in the order shown.
    Locator names = cell(0).locator("table.grid tbody tr td:first-child");
    assertThat(names).hasText(new String[] {"b", "a", "c"});
    Locator nHeader =
        cell(0).locator("table.grid th", new Locator.LocatorOptions().setHasText("n")).last();
    nHeader.click();
    assertThat(names).hasText(new String[] {"c", "b", "a"});
    nHeader.click();
    assertThat(names).hasText(new String[] {"a", "b", "c"});
    Download csv = page.waitForDownload(() -> cell(0).getByText("Download CSV").click());
    assertThat(Files.readString(csv.path())).isEqualTo("name,n\na,10\nb,2\nc,1\n");

    cell(0).getByLabel("Show as").selectOption("bar");
    assertThat(cell(0).locator("svg.chart rect")).hasCount(3);
    cell(0).getByLabel("Show as").selectOption("line");
    assertThat(cell(0).locator("svg.chart polyline")).hasCount(1);
    Browser.screenshot(page, "notebook-chart");
  }

  @Test
  void aLongCellIsCancelledWhileTheNextWaitsAndTheClusterIsFreeAfterwards() {
    String path = "/Users/admin/cancel";
    importNotebook(
        path,
        """
        # Databricks notebook source
        import time
        time.sleep(600)

        # COMMAND ----------

        spark.range(10).count()\
        """);
    openAttached(path);
    // Shift+Enter runs the first cell and moves to the second; Ctrl+Enter queues that one.
    cell(0).locator(".cm-content").click();
    page.keyboard().press("Shift+Enter");
    assertThat(status(cell(0))).hasAttribute("data-status", "Running", slowly());
    page.keyboard().press("Control+Enter");
    assertThat(status(cell(1))).hasAttribute("data-status", "Waiting");
    assertThat(status(cell(1))).hasText("Waiting to run");
    Browser.screenshot(page, "notebook-running");

    cell(0).getByText("■ Cancel").click();
    assertThat(status(cell(0))).hasAttribute("data-status", "Cancelled", slowly());
    assertThat(status(cell(1))).hasAttribute("data-status", "Finished", slowly());
    assertThat(cell(1).locator("pre.result.text")).hasText("10");
    assertThat(admin.clusters().get(clusterId).getState()).isEqualTo(State.RUNNING);
  }

  @Test
  void widgetsShowAboveTheNotebookFeedItsCellsAndSurviveAReload() {
    String path = "/Users/admin/widgets";
    importNotebook(
        path,
        """
        # Databricks notebook source
        dbutils.widgets.text('who', 'world', 'Who')
        dbutils.widgets.dropdown('times', '1', ['1', '2', '3'], 'Times')

        # COMMAND ----------

        print(' '.join(['hello ' + dbutils.widgets.get('who')] * int(dbutils.widgets.get('times'))))\
        """);
    openAttached(path);
    cell(0).getByText("▶ Run").click();
    Locator who = page.getByTestId("widgets").getByLabel("Who");
    assertThat(who).hasValue("world", new LocatorAssertions.HasValueOptions().setTimeout(SLOW_MS));
    assertThat(page.getByTestId("widgets").getByLabel("Times")).hasValue("1");

    who.fill("kiln");
    who.press("Enter");
    page.getByTestId("widgets").getByLabel("Times").selectOption("2");
    cell(1).getByText("▶ Run").click();
    assertThat(cell(1).locator("pre.result.text")).hasText("hello kiln hello kiln", slowText());
    Browser.screenshot(page, "notebook-widgets");

    // The page reloaded finds the same Python context: its widgets and their values.
    page.reload();
    assertThat(page.getByTestId("attach-state")).hasText("RUNNING");
    assertThat(page.getByTestId("widgets").getByLabel("Who"))
        .hasValue("kiln", new LocatorAssertions.HasValueOptions().setTimeout(SLOW_MS));
    // Both cells show their kept results; Run above runs the first again and leaves the second.
    assertThat(cell(1).locator("pre.result.text")).hasText("hello kiln hello kiln");
    cell(1).getByText("Run above").click();
    assertThat(status(cell(0))).not().hasAttribute("data-restored", "true");
    assertThat(status(cell(0))).hasAttribute("data-status", "Finished", slowly());
    assertThat(status(cell(1))).hasAttribute("data-restored", "true");
    cell(1).getByText("Run below").click();
    assertThat(cell(1).locator("pre.result.text")).hasText("hello kiln hello kiln", slowText());

    // Clear state ends the contexts: the widgets are gone and the cell fails as Databricks does.
    page.getByText("Clear state").click();
    assertThat(page.getByTestId("widgets")).hasCount(0);
    cell(1).getByText("▶ Run").click();
    assertThat(cell(1).locator(".error-result"))
        .containsText(
            "InputWidgetNotDefined",
            new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS));
  }

  @Test
  void widgetsOfASqlNotebookShowAboveItAndFeedItsCells() {
    String sql = "/Users/admin/sql-widgets";
    importNotebook(
        sql,
        """
        -- Databricks notebook source
        CREATE WIDGET TEXT who DEFAULT 'world';
        CREATE WIDGET DROPDOWN times DEFAULT '1' CHOICES SELECT * FROM (VALUES ('1'), ('2'))

        -- COMMAND ----------

        SELECT concat('hello ', :who) AS greeting, repeat('x', ${times}) AS xs\
        """,
        Language.SQL);
    openAttached(sql);
    cell(0).getByText("▶ Run").click();
    Locator who = page.getByTestId("widgets").getByLabel("who");
    assertThat(who).hasValue("world", new LocatorAssertions.HasValueOptions().setTimeout(SLOW_MS));
    assertThat(page.getByTestId("widgets").getByLabel("times")).hasValue("1");
    who.fill("kiln");
    who.press("Enter");
    page.getByTestId("widgets").getByLabel("times").selectOption("2");
    assertThat(page.getByTestId("widgets"))
        .not()
        .containsText("saving", new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS));
    cell(1).getByText("▶ Run").click();
    Locator row = cell(1).locator("table.grid tbody tr").first();
    assertThat(row.locator("td").first()).hasText("hello kiln", slowText());
    assertThat(row.locator("td").nth(1)).hasText("xx");
    Browser.screenshot(page, "notebook-sql-widgets");
  }

  @Test
  void widgetsOfAScalaNotebookShowAboveItAndFeedItsCells() {
    String scala = "/Users/admin/scala-widgets";
    importNotebook(
        scala,
        """
        // Databricks notebook source
        dbutils.widgets.text("who", "world", "Who")
        dbutils.widgets.dropdown("times", "1", Seq("1", "2", "3"), "Times")

        // COMMAND ----------

        println(("hello " + dbutils.widgets.get("who") + " ") * dbutils.widgets.get("times").toInt)\
        """,
        Language.SCALA);
    openAttached(scala);
    cell(0).getByText("▶ Run").click();
    Locator scalaWho = page.getByTestId("widgets").getByLabel("Who");
    assertThat(scalaWho)
        .hasValue("world", new LocatorAssertions.HasValueOptions().setTimeout(SLOW_MS));
    scalaWho.fill("scala");
    scalaWho.press("Enter");
    page.getByTestId("widgets").getByLabel("Times").selectOption("3");
    assertThat(page.getByTestId("widgets"))
        .not()
        .containsText("saving", new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS));
    cell(1).getByText("▶ Run").click();
    assertThat(cell(1).locator("pre.result.text"))
        .hasText("hello scala hello scala hello scala", slowText());
  }

  @Test
  void cellResultsAreKeptWithTheNotebookUntilCleared() {
    String path = "/Users/admin/kept-results";
    importNotebook(
        path,
        """
        # Databricks notebook source
        # MAGIC %sql
        # MAGIC SELECT upper(name) AS name, age FROM VALUES ('ann', 31), ('bob', 42) AS t(name, age)

        # COMMAND ----------

        print('kept ' + str(6 * 7))\
        """);
    openAttached(path);
    page.getByText("Run all").click();
    assertThat(status(cell(1))).hasAttribute("data-status", "Finished", slowly());
    assertThat(cell(1).locator("pre.result.text")).hasText("kept 42");
    assertThat(page.getByTestId("notebook")).hasAttribute("data-results", "saved");

    // A reload (or another browser) shows each cell's last result and when it ran.
    page.reload();
    assertThat(cell(0).getByTestId("row-count")).hasText("2 rows");
    assertThat(cell(0).locator("table.grid tbody")).containsText("BOB");
    assertThat(cell(1).locator("pre.result.text")).hasText("kept 42");
    for (int i : new int[] {0, 1}) {
      assertThat(status(cell(i))).hasAttribute("data-restored", "true");
      assertThat(cell(i).getByTestId("last-run")).containsText("last run");
    }
    Browser.screenshot(page, "notebook-kept-results");

    // The results stay out of the notebook's SOURCE, which is exactly its cells' code.
    String source =
        new String(
            Base64.getDecoder()
                .decode(
                    admin
                        .workspace()
                        .export(
                            new com.databricks.sdk.service.workspace.ExportRequest()
                                .setPath(path)
                                .setFormat(
                                    com.databricks.sdk.service.workspace.ExportFormat.SOURCE))
                        .getContent()),
            StandardCharsets.UTF_8);
    assertThat(source).contains("upper(name)").doesNotContain("BOB").doesNotContain("kept 42");

    // Editing a cell's code keeps its old result until it runs again.
    cell(1).locator(".cm-content").click();
    page.keyboard().press("End");
    page.keyboard().type("  # edited");
    assertThat(page.getByTestId("save-state")).hasText("Saved");
    page.reload();
    assertThat(cell(1).locator(".cm-content")).containsText("# edited");
    assertThat(cell(1).locator("pre.result.text")).hasText("kept 42");

    page.getByText("Clear results").click();
    assertThat(page.locator(".run")).hasCount(0);
    assertThat(page.getByTestId("notebook")).hasAttribute("data-results", "saved");
    page.reload();
    assertThat(page.getByTestId("cell")).hasCount(2);
    assertThat(page.locator(".run")).hasCount(0);
  }

  @Test
  void aTableMadeInACellShowsOnTheDataPageWithItsSchemaAndASample() {
    String path = "/Users/admin/make-table";
    importNotebook(
        path,
        """
        # Databricks notebook source
        # MAGIC %sql
        # MAGIC CREATE OR REPLACE TABLE default.ui_people AS
        # MAGIC SELECT * FROM VALUES ('ann', 31), ('bob', 42) AS t(name, age)\
        """);
    openAttached(path);
    cell(0).getByText("▶ Run").click();
    assertThat(status(cell(0))).hasAttribute("data-status", "Finished", slowly());
    assertThat(status(cell(0))).not().containsText("Failed");

    page.locator("nav").getByText("Data").click();
    page.locator(".tabs").getByText("Tables").click();
    page.getByLabel("Cluster for tables").selectOption(clusterId);
    page.getByTestId("databases")
        .getByText("default", new Locator.GetByTextOptions().setExact(true))
        .click();
    page.getByTestId("tables").getByText("ui_people").click();
    Locator schema = page.getByTestId("table-schema");
    assertThat(schema.locator("tbody tr"))
        .hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(SLOW_MS));
    assertThat(schema.locator("tbody tr").nth(0)).containsText("name");
    assertThat(schema.locator("tbody tr").nth(0)).containsText("string");
    assertThat(schema.locator("tbody tr").nth(1)).containsText("age");
    assertThat(schema.locator("tbody tr").nth(1)).containsText("int");
    assertThat(page.getByTestId("table-info")).containsText("delta");
    Locator sample = page.getByTestId("table-sample");
    assertThat(sample.getByTestId("row-count"))
        .hasText("2 rows", new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS));
    assertThat(sample.locator("tbody")).containsText("bob");
    Browser.screenshot(page, "data-tables");
  }

  /** A failing server, simulated: the real one has no way to be made to fail on demand. */
  @Test
  void aClusterApiErrorIsShownInPlainWords() {
    importNotebook("/Users/admin/offline", "# Databricks notebook source\n1");
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
    page.navigate(url("/notebook/Users/admin/offline"));
    assertThat(page.getByTestId("attach-error"))
        .hasText(
            "Clusters are not available: TEMPORARILY_UNAVAILABLE: The cluster manager is busy");
    page.getByTestId("cell").first().getByText("▶ Run").click();
    assertThat(page.locator(".error", new Page.LocatorOptions().setHasText("Attach the notebook")))
        .isVisible();
  }
}
