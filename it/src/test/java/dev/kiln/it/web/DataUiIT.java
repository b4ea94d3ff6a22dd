package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.files.GetStatusRequest;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.options.FilePayload;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The DBFS browser: upload with progress, download, folders, delete. */
class DataUiIT extends UiTest {
  @Test
  void uploadDownloadAndDelete() throws Exception {
    byte[] bytes = new byte[3 * 1024 * 1024 + 123];
    new Random(7).nextBytes(bytes);
    signedIn();
    page.navigate(url("/data/"));
    page.getByText("New folder").click();
    page.locator(".modal input[name=value]").fill("ui-data");
    page.locator(".modal button[type=submit]").click();
    page.locator("tr[data-path='/ui-data'] a").click();
    assertThat(page).hasURL(url("/data/ui-data"));

    page.getByTestId("upload-input")
        .setInputFiles(new FilePayload("blob.bin", "application/octet-stream", bytes));
    assertThat(page.locator("tr[data-path='/ui-data/blob.bin']")).containsText("3.0 MB");
    assertThat(
            admin
                .dbfs()
                .getStatus(new GetStatusRequest().setPath("/ui-data/blob.bin"))
                .getFileSize())
        .isEqualTo(bytes.length);
    Browser.screenshot(page, "data");

    Download download =
        page.waitForDownload(
            () -> page.locator("tr[data-path='/ui-data/blob.bin']").getByText("Download").click());
    assertThat(download.suggestedFilename()).isEqualTo("blob.bin");
    assertThat(Files.readAllBytes(download.path())).isEqualTo(bytes);

    page.locator("tr[data-path='/ui-data/blob.bin']").getByText("Delete").click();
    page.locator(".modal button.danger").click();
    assertThat(page.locator("tr[data-path='/ui-data/blob.bin']")).hasCount(0);
    assertThat(page.getByTestId("dbfs-list")).containsText("This folder is empty.");
  }
}
