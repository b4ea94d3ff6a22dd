package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.microsoft.playwright.Locator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The notebook editor: cells, magics, Markdown, keyboard shortcuts and autosave. */
class NotebookUiIT extends UiTest {
  private static final String PATH = "/Users/admin/nb";

  private static void importNotebook(String source) {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(PATH)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(
                    Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8))));
  }

  private static String exported() {
    return new String(
        Base64.getDecoder()
            .decode(
                admin
                    .workspace()
                    .export(new ExportRequest().setPath(PATH).setFormat(ExportFormat.SOURCE))
                    .getContent()),
        StandardCharsets.UTF_8);
  }

  private Locator cells() {
    return page.getByTestId("cell");
  }

  @Test
  void cellsAreShownWithTheirLanguagesAndMarkdownRendered() {
    importNotebook(
        """
        # Databricks notebook source
        print('hello')

        # COMMAND ----------

        # MAGIC %sql
        # MAGIC SELECT 1 AS one

        # COMMAND ----------

        # MAGIC %md
        # MAGIC # Results
        # MAGIC Some <b>text</b>\
        """);
    signedIn();
    page.navigate(url("/notebook" + PATH));
    assertThat(cells()).hasCount(3);
    assertThat(cells().nth(0)).hasAttribute("data-kind", "python");
    assertThat(cells().nth(1)).hasAttribute("data-kind", "sql");
    assertThat(cells().nth(2).locator(".markdown h1")).hasText("Results");
    // Raw HTML in Markdown is shown as text, never as markup.
    assertThat(cells().nth(2).locator(".markdown b")).hasCount(0);
    assertThat(cells().nth(0).locator(".cm-content .tok-string, .cm-content span"))
        .not()
        .hasCount(0);
    // Running without a cluster says what is missing.
    cells().nth(0).getByText("▶ Run").click();
    assertThat(
            page.locator(".error")
                .filter(new Locator.FilterOptions().setHasText("Attach the notebook")))
        .isVisible();
    assertThat(page.getByLabel("Attach to cluster")).isVisible();
    Browser.screenshot(page, "notebook");
  }

  @Test
  void editsAreAutosavedAndSurviveAReload() {
    importNotebook("# Databricks notebook source\nx = 1");
    signedIn();
    page.navigate(url("/notebook" + PATH));
    assertThat(cells()).hasCount(1);

    // Edit the first cell, then leave the editor and add a cell below with B (command mode).
    cells().nth(0).locator(".cm-content").click();
    page.keyboard().press("End");
    page.keyboard().type(" + 1");
    page.keyboard().press("Escape");
    page.keyboard().press("b");
    assertThat(cells()).hasCount(2);
    page.keyboard().type("%sql");
    page.keyboard().press("Enter");
    page.keyboard().type("SELECT 2");
    assertThat(cells().nth(1)).hasAttribute("data-kind", "sql");
    // A above the SQL cell, then D D deletes it again.
    page.keyboard().press("Escape");
    page.keyboard().press("a");
    assertThat(cells()).hasCount(3);
    page.keyboard().press("Escape");
    page.keyboard().press("d");
    page.keyboard().press("d");
    assertThat(cells()).hasCount(2);
    // A Markdown cell from the button, rendered on Shift+Enter.
    page.getByText("+ Text").click();
    page.keyboard().type("## Notes");
    page.keyboard().press("Shift+Enter");
    assertThat(cells().nth(2).locator(".markdown h2")).hasText("Notes");

    assertThat(page.getByTestId("save-state")).hasText("Saved");
    page.reload();
    assertThat(cells()).hasCount(4);
    assertThat(cells().nth(0)).containsText("x = 1 + 1");
    assertThat(cells().nth(1)).containsText("SELECT 2");
    assertThat(cells().nth(2).locator(".markdown h2")).hasText("Notes");
    assertThat(exported())
        .startsWith(
            """
            # Databricks notebook source
            x = 1 + 1

            # COMMAND ----------

            # MAGIC %sql
            # MAGIC SELECT 2

            # COMMAND ----------

            # MAGIC %md
            # MAGIC ## Notes\
            """);

    // Move the SQL cell up with its button, delete the last one.
    cells().nth(1).getByLabel("Move up").click();
    assertThat(cells().nth(0)).hasAttribute("data-kind", "sql");
    cells().nth(3).getByLabel("Delete cell").click();
    assertThat(cells()).hasCount(3);
    assertThat(page.getByTestId("save-state")).hasText("Saved");
    assertThat(exported())
        .startsWith("# Databricks notebook source\n# MAGIC %sql\n# MAGIC SELECT 2");
  }

  @Test
  void leavingRightAfterAnEditStillSaves() {
    importNotebook("# Databricks notebook source\nx = 1");
    signedIn();
    page.navigate(url("/notebook" + PATH));
    cells().nth(0).locator(".cm-content").click();
    page.keyboard().press("End");
    page.keyboard().type(" + 2");
    page.locator("nav").getByText("Data").click();
    assertThat(page.getByTestId("dbfs-list")).isVisible();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(exported()).endsWith("x = 1 + 2"));
  }
}
