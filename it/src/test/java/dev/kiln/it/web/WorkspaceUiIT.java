package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.GetStatusRequest;
import com.databricks.sdk.service.workspace.ObjectType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The workspace browser: folders, notebooks, rename/move, delete, import and export. */
class WorkspaceUiIT extends UiTest {
  private Locator row(String path) {
    return page.locator("tr[data-path='" + path + "']");
  }

  @Test
  void createFolderAndNotebookThenMoveAndDelete() {
    signedIn();
    page.getByText("New folder").click();
    page.locator(".modal input[name=value]").fill("ui-project");
    page.locator(".modal button[type=submit]").click();
    assertThat(row("/Users/admin/ui-project")).isVisible();
    Browser.screenshot(page, "workspace");

    page.getByRole(
            com.microsoft.playwright.options.AriaRole.LINK,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("ui-project"))
        .click();
    assertThat(page).hasURL(url("/workspace/Users/admin/ui-project"));
    page.getByText("New notebook").click();
    page.locator(".modal input[name=name]").fill("analysis");
    page.locator(".modal select[name=language]").selectOption("SQL");
    page.locator(".modal button[type=submit]").click();
    assertThat(page).hasURL(url("/notebook/Users/admin/ui-project/analysis"));
    assertThat(page.getByTestId("cell")).hasCount(1);
    assertThat(
            admin
                .workspace()
                .getStatus(new GetStatusRequest().setPath("/Users/admin/ui-project/analysis"))
                .getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);

    // Rename the folder: the notebook moves with it.
    page.navigate(url("/workspace/Users/admin"));
    row("/Users/admin/ui-project").getByText("Rename / move").click();
    page.locator(".modal input[name=value]").fill("/Users/admin/ui-renamed");
    page.locator(".modal button[type=submit]").click();
    assertThat(row("/Users/admin/ui-renamed")).isVisible();
    assertThat(row("/Users/admin/ui-project")).hasCount(0);
    assertThat(
            admin
                .workspace()
                .getStatus(new GetStatusRequest().setPath("/Users/admin/ui-renamed/analysis"))
                .getLanguage()
                .toString())
        .isEqualTo("SQL");

    row("/Users/admin/ui-renamed").getByText("Delete").click();
    page.locator(".modal button.danger").click();
    assertThat(row("/Users/admin/ui-renamed")).hasCount(0);
  }

  @Test
  void importSourceAndJupyterFilesAndExportThemBack() throws Exception {
    signedIn();
    String source = "# Databricks notebook source\nprint(1)\n\n# COMMAND ----------\n\nprint(2)";
    String ipynb =
        "{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"x = 41 + 1\"],\"metadata\":{},"
            + "\"outputs\":[],\"execution_count\":null}],\"metadata\":{\"language_info\":"
            + "{\"name\":\"python\"}},\"nbformat\":4,\"nbformat_minor\":5}";
    page.getByTestId("import-input")
        .setInputFiles(
            new FilePayload[] {
              new FilePayload(
                  "imported.py", "text/x-python", source.getBytes(StandardCharsets.UTF_8)),
              new FilePayload(
                  "jupyter.ipynb", "application/json", ipynb.getBytes(StandardCharsets.UTF_8))
            });
    assertThat(row("/Users/admin/imported")).isVisible();
    assertThat(row("/Users/admin/jupyter")).isVisible();
    assertThat(row("/Users/admin/jupyter")).containsText("python");

    Download download =
        page.waitForDownload(() -> row("/Users/admin/imported").getByText("Export .py").click());
    assertThat(download.suggestedFilename()).isEqualTo("imported.py");
    assertThat(Files.readString(download.path())).isEqualTo(source);

    Download notebook =
        page.waitForDownload(() -> row("/Users/admin/jupyter").getByText("Export .ipynb").click());
    assertThat(notebook.suggestedFilename()).isEqualTo("jupyter.ipynb");
    assertThat(Files.readString(notebook.path())).contains("x = 41 + 1");

    String exported =
        new String(
            Base64.getDecoder()
                .decode(
                    admin
                        .workspace()
                        .export(
                            new ExportRequest()
                                .setPath("/Users/admin/jupyter")
                                .setFormat(ExportFormat.SOURCE))
                        .getContent()),
            StandardCharsets.UTF_8);
    assertThat(exported).contains("x = 41 + 1");
  }
}
