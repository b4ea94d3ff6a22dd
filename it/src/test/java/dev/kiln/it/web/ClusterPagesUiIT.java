package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.microsoft.playwright.options.SelectOption;
import dev.kiln.it.ClusterCalls;
import dev.kiln.server.clusters.SparkUiProxy;
import dev.kiln.server.compute.LocalCompute;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Compute pages on one real cluster, created from the form and driven through its life in the
 * browser: RUNNING on the detail page, its events and driver log, the Spark UI through the proxy
 * (sandboxed, with the sign-in cookie; a page user code serves there cannot reach the session),
 * resize (and the new worker's log), restart, terminate, start from a notebook's attach picker,
 * delete. One cluster for the class keeps it to a few minutes; the tests run in order and share it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPagesUiIT extends UiTest {
  /** A cluster start takes 10-20 s here, much more on a busy machine. */
  private static final double START_MS = Duration.ofMinutes(3).toMillis();

  private static final String NAME = "ui-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String NOTEBOOK = "/Users/admin/attach-nb";
  private static String clusterId;

  private static LocatorAssertions.HasTextOptions slowly() {
    return new LocatorAssertions.HasTextOptions().setTimeout(START_MS);
  }

  private static void needCluster() {
    Assertions.assertNotNull(
        clusterId, "the cluster was not created (see the test that creates it)");
  }

  private Locator state() {
    return page.getByTestId("cluster-state").first();
  }

  private void openDetail(String tab) {
    signedIn();
    page.navigate(url("/compute/clusters/" + clusterId + (tab == null ? "" : "?tab=" + tab)));
  }

  private void confirm(String action) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(action).setExact(true))
        .first()
        .click();
    page.getByRole(AriaRole.DIALOG)
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action).setExact(true))
        .click();
  }

  @Test
  @Order(1)
  void anInvalidSpecShowsTheApiErrorInPlainWords() {
    signedIn();
    page.navigate(url("/compute/create"));
    page.locator("input[name=cluster_name]").fill("too-eager");
    page.locator("input[name=autotermination_minutes]").fill("5");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create cluster")).click();
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("INVALID_PARAMETER_VALUE");
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("autotermination_minutes");
    assertThat(page).hasURL(url("/compute/create"));
  }

  @Test
  @Order(2)
  void aClusterCreatedFromTheFormReachesRunning() {
    signedIn();
    page.navigate(url("/compute/create"));
    page.locator("input[name=cluster_name]").fill(NAME);
    assertThat(page.locator("select[name=spark_version]")).hasValue("1.0.x-scala2.13");
    page.locator("select[name=node_type_id]").selectOption("kiln-1c-2g");
    page.locator("select[name=driver_node_type_id]").selectOption("kiln-1c-2g");
    page.locator("input[name=num_workers]").fill("0");
    page.locator("input[name=autotermination_minutes]").fill("10");
    page.locator("textarea[name=spark_conf]").fill("spark.sql.shuffle.partitions 4");
    page.locator("textarea[name=spark_env_vars]").fill("KILN_UI_TEST=yes");
    Browser.screenshot(page, "compute-create-form");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create cluster")).click();

    assertThat(page)
        .hasURL(
            Pattern.compile(".*/compute/clusters/[0-9a-z-]+$"),
            new PageAssertions.HasURLOptions().setTimeout(30_000));
    clusterId = page.url().substring(page.url().lastIndexOf('/') + 1);
    assertThat(page.locator("h1")).hasText(NAME);
    assertThat(state()).hasText("RUNNING", slowly());
    assertThat(page.getByTestId("cluster-config")).containsText("1.0.x-scala2.13");
    assertThat(page.getByTestId("cluster-config")).containsText("single node");
    assertThat(page.getByTestId("cluster-config")).containsText("after 10 minutes idle");
    assertThat(page.locator("pre.conf").first()).hasText("spark.sql.shuffle.partitions 4");
    assertThat(page.locator("pre.conf").nth(1)).hasText("KILN_UI_TEST=yes");
    Browser.screenshot(page, "compute-detail");

    ClusterDetails real = admin.clusters().get(clusterId);
    assertThat(real.getClusterName()).isEqualTo(NAME);
    assertThat(real.getNumWorkers()).isZero();
    assertThat(real.getAutoterminationMinutes()).isEqualTo(10L);
    assertThat(real.getSparkEnvVars()).containsEntry("KILN_UI_TEST", "yes");
    assertThat(real.getDriverNodeTypeId()).isEqualTo("kiln-1c-2g");
  }

  @Test
  @Order(3)
  void theListShowsItsStateSizeAndRuntime() {
    needCluster();
    signedIn();
    page.navigate(url("/compute"));
    Locator row =
        page.getByTestId("cluster-list")
            .locator("tr", new Locator.LocatorOptions().setHasText(NAME));
    assertThat(row.getByTestId("cluster-state")).hasText("RUNNING");
    assertThat(row).containsText("single node");
    assertThat(row).containsText("1.0.x-scala2.13");
    assertThat(row).containsText("kiln-1c-2g");
    Browser.screenshot(page, "compute-list");
    row.getByText(NAME).click();
    assertThat(page).hasURL(url("/compute/clusters/" + clusterId));
  }

  @Test
  @Order(4)
  void theEventLogShowsCreatingAndRunning() {
    needCluster();
    openDetail("events");
    Locator events = page.getByTestId("event-list");
    assertThat(events).containsText("CREATING");
    assertThat(events).containsText("RUNNING");
    assertThat(events).containsText("by admin");
    Browser.screenshot(page, "compute-events");
  }

  @Test
  @Order(5)
  void theDriverStderrShowsText() {
    needCluster();
    openDetail("logs");
    assertThat(page.getByLabel("Node")).containsText("Driver");
    assertThat(page.getByLabel("Log file")).hasValue(Pattern.compile(".*stderr$"));
    assertThat(page.getByTestId("log-content")).containsText("Spark");
    Browser.screenshot(page, "compute-logs");
  }

  @Test
  @Order(6)
  void theSparkUiOpensThroughTheProxySandboxedAndStillWorks() {
    needCluster();
    openDetail(null);
    assertThat(state()).hasText("RUNNING");
    Cookie cookie =
        page.context().cookies(url("/")).stream()
            .filter(c -> c.name.equals("kiln_session"))
            .findFirst()
            .orElseThrow();
    assertThat(cookie.httpOnly).isTrue();
    assertThat(cookie.path).isEqualTo("/");
    assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
    assertThat(page.evaluate("() => document.cookie + '|' + Object.keys(localStorage).join(',')"))
        .asString()
        .doesNotContain(server.adminToken())
        .doesNotContain("kiln_session");

    Page ui = page.waitForPopup(() -> page.getByTestId("spark-ui").click());
    ui.waitForLoadState();
    // The signed-in tab is sent on to the cluster's ticket path, which the sandboxed page's own
    // requests (scripts, styles, Spark's REST API) carry instead of the cookie.
    String uiBase = "/driver-proxy/" + clusterId + "/_t/";
    assertThat(ui).hasURL(Pattern.compile(".*" + uiBase + "[^/]+/jobs/?$"));
    assertThat(ui).hasTitle(Pattern.compile("Spark Jobs"));
    assertThat(ui.locator("body")).containsText("Spark Jobs");
    assertThat(ui.evaluate("() => self.origin")).isEqualTo("null");
    Locator css = ui.locator("link[href$='/static/webui.css']");
    assertThat(css).hasCount(1);
    assertThat(css.getAttribute("href")).startsWith(uiBase);
    // The styles applied: Bootstrap's navbar is laid out, not a bare list.
    assertThat(ui.evaluate("() => getComputedStyle(document.querySelector('.navbar')).display"))
        .isNotEqualTo("block");
    Browser.screenshot(ui, "compute-spark-ui");
    // Its tabs navigate inside the sandbox on the ticket path (all of them: see
    // everyTabOfTheSparkUiDrawsInTheSandbox).
    tab(ui, "Environment", uiBase, "environment");
    assertThat(ui.locator("body")).containsText("Spark Properties");

    page.getByText("Sign out").click();
    assertThat(page.locator("input[name=token]")).isVisible();
    assertThat(page.context().cookies(url("/")).stream().map(c -> c.name))
        .doesNotContain("kiln_session");
  }

  /** For what a page's scripts draw from Spark's REST API: slow on a busy machine. */
  private static LocatorAssertions.ContainsTextOptions drawn() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
  }

  private static void tab(Page ui, String name, String uiBase, String path) {
    ui.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
        .first()
        .click();
    assertThat(ui).hasURL(Pattern.compile(".*" + uiBase + "[^/]+/" + path + "/?$"));
  }

  /** Runs one command in a context of its own on the class's cluster: its results. */
  private static Results run(com.databricks.sdk.service.compute.Language language, String code)
      throws Exception {
    return ClusterCalls.runInNewContext(admin, clusterId, language, code).getResults();
  }

  /**
   * An attack by user code: a Scala cell attaches a servlet to its driver's Spark UI serving a page
   * whose script tries to read the signed-in user's token and to call Kiln's API as them. The page
   * runs (it writes its findings into its own DOM) but gets nothing.
   */
  @Test
  @Order(7)
  void aPageTheDriverServesRunsSandboxedAndCannotReachTheSession() throws Exception {
    needCluster();
    String context =
        admin
            .commandExecution()
            .create(
                new CreateContext()
                    .setClusterId(clusterId)
                    .setLanguage(com.databricks.sdk.service.compute.Language.SCALA))
            .get(Duration.ofMinutes(3))
            .getId();
    try {
      CommandStatusResponse attached =
          admin
              .commandExecution()
              .execute(
                  new Command()
                      .setClusterId(clusterId)
                      .setContextId(context)
                      .setLanguage(com.databricks.sdk.service.compute.Language.SCALA)
                      .setCommand(ATTACK_HANDLER))
              .get(Duration.ofMinutes(3));
      assertThat(String.valueOf(attached.getResults().getData()))
          .as(String.valueOf(attached.getResults().getCause()))
          .contains("attached");
    } finally {
      admin
          .commandExecution()
          .destroy(new DestroyContext().setClusterId(clusterId).setContextId(context));
    }

    // Without a browser: the driver's cookie and its own policy never pass; the sandbox does.
    java.net.http.HttpResponse<String> raw =
        server.call("GET", "/driver-proxy/" + clusterId + "/kiln-attack/", null);
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).contains("id=\"out\"");
    assertThat(raw.headers().allValues("Content-Security-Policy"))
        .containsExactly(SparkUiProxy.CONTENT_SECURITY_POLICY);
    assertThat(raw.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(raw.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(raw.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    for (String path : new String[] {"/", "/jobs/", "/static/webui.css", "/api/v1/applications"}) {
      assertThat(
              server
                  .call("GET", "/driver-proxy/" + clusterId + path, null)
                  .headers()
                  .firstValue("Content-Security-Policy"))
          .as(path)
          .hasValue(SparkUiProxy.CONTENT_SECURITY_POLICY);
    }

    // The page comes with the proxy's in-memory storage first in its head, before its own script;
    // no other kind of answer gets it.
    assertThat(raw.body())
        .startsWith("<!doctype html><html><head><script data-kiln=\"storage-shim\">");
    for (String path : new String[] {"/static/webui.css", "/api/v1/applications"}) {
      assertThat(server.call("GET", "/driver-proxy/" + clusterId + path, null).body())
          .as(path)
          .doesNotContain("storage-shim");
    }

    signedIn();
    // Something only Kiln's origin keeps, for the page to look for.
    String probe = UUID.randomUUID().toString();
    page.evaluate("p => localStorage.setItem('kiln-probe', p)", probe);
    assertThat(page.evaluate("() => localStorage.getItem('kiln-probe')")).isEqualTo(probe);
    page.navigate(url("/driver-proxy/" + clusterId + "/kiln-attack/"));
    Locator out = page.locator("#out");
    assertThat(out).containsText("\"done\":true");
    Browser.screenshot(page, "spark-ui-attack-page");
    JsonNode found = new ObjectMapper().readTree(out.textContent());
    assertThat(found.path("origin").asText()).isEqualTo("null");
    // The storage it has is the proxy's, its own and empty; none of its frames has Kiln's.
    assertThat(found.path("storage").asText()).isEqualTo("read [] probe=null");
    assertThat(found.path("frame_storage").asText()).startsWith("blocked");
    assertThat(found.path("cookie").asText()).startsWith("blocked");
    for (String attempt : new String[] {"api_include", "api_same_origin", "post"}) {
      assertThat(found.path(attempt).asText())
          .as(attempt)
          .doesNotStartWith("200")
          .doesNotContain("admin");
    }
    assertThat(found.toString()).doesNotContain(server.adminToken()).doesNotContain(probe);
    // What the driver was sent: never the session cookie or a token.
    assertThat(page.locator("#saw")).hasText("cookie=null authorization=null");
    assertThatThrownBy(
            () ->
                admin
                    .workspace()
                    .getStatus(
                        new com.databricks.sdk.service.workspace.GetStatusRequest()
                            .setPath("/Users/admin/pwned")))
        .isInstanceOf(DatabricksError.class);
    // The driver's cookie never landed on Kiln's origin; the session is whole and still works.
    assertThat(page.context().cookies(url("/")).stream().map(c -> c.name))
        .containsExactly("kiln_session");
    page.navigate(url("/compute/clusters/" + clusterId));
    assertThat(state()).hasText("RUNNING");
  }

  /** A Scala cell: a servlet on the driver's own Spark UI, serving the attack page. */
  private static final String ATTACK_HANDLER =
      """
      import jakarta.servlet.http.{HttpServlet, HttpServletRequest, HttpServletResponse}
      val attackPage = \"\"\"<!doctype html><html><head><title>attack</title></head><body>
      <div id="saw">SAW</div><pre id="out"></pre><script>
      (async () => {
        const out = {origin: String(self.origin)};
        try {
          out.storage = 'read ' + JSON.stringify(Object.entries(localStorage))
            + ' probe=' + localStorage.getItem('kiln-probe');
        } catch (e) { out.storage = 'blocked ' + e.name; }
        try {
          const frame = document.body.appendChild(document.createElement('iframe'));
          out.frame_storage = 'read ' + JSON.stringify(Object.entries(frame.contentWindow.localStorage));
        } catch (e) { out.frame_storage = 'blocked ' + e.name; }
        try { out.cookie = 'read ' + document.cookie; } catch (e) { out.cookie = 'blocked ' + e.name; }
        const tryFetch = async (name, url, init) => {
          try { const r = await fetch(url, init); out[name] = r.status + ' ' + (await r.text()); }
          catch (e) { out[name] = 'blocked ' + e.name; }
        };
        const me = '/api/2.0/preview/scim/v2/Me';
        await tryFetch('api_include', me, {credentials: 'include'});
        await tryFetch('api_same_origin', me, {credentials: 'same-origin'});
        await tryFetch('post', '/api/2.0/workspace/mkdirs', {method: 'POST', credentials: 'include',
          headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({path: '/Users/admin/pwned'})});
        out.done = true;
        document.getElementById('out').textContent = JSON.stringify(out);
      })();
      </script></body></html>\"\"\"
      val attackServlet = new HttpServlet {
        override def doGet(req: HttpServletRequest, res: HttpServletResponse): Unit = {
          res.setContentType("text/html")
          res.addHeader("Set-Cookie", "driver_cookie=planted; Path=/")
          res.addHeader("Content-Security-Policy", "default-src *")
          res.addHeader("Access-Control-Allow-Origin", "*")
          val saw = "cookie=" + req.getHeader("Cookie") + " authorization=" + req.getHeader("Authorization")
          res.getWriter.write(attackPage.replace("SAW", saw.replace("<", "&lt;")))
        }
      }
      val sparkUi = spark.sparkContext.getClass.getMethod("ui").invoke(spark.sparkContext)
        .asInstanceOf[Option[AnyRef]].get
      sparkUi.getClass
        .getMethod("attachHandler", classOf[String], classOf[HttpServlet], classOf[String])
        .invoke(sparkUi, "/kiln-attack", attackServlet, "/")
      println("attached")
      """;

  @Test
  @Order(8)
  void resizedToOneWorkerItRunsOneExecutor() {
    needCluster();
    openDetail(null);
    assertThat(state()).hasText("RUNNING");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resize")).click();
    page.getByRole(AriaRole.DIALOG).locator("input[name=value]").fill("1");
    page.getByRole(AriaRole.DIALOG)
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resize"))
        .click();
    assertThat(page.getByTestId("executor-count")).hasText("1", slowly());
    assertThat(state()).hasText("RUNNING", slowly());
    assertThat(page.getByTestId("cluster-config")).containsText("1 worker");
    assertThat(admin.clusters().get(clusterId).getExecutors()).hasSize(1);

    page.getByText("Driver and worker logs").click();
    page.getByLabel("Node").selectOption(new SelectOption().setLabel(workerNode()));
    assertThat(page.getByLabel("Log file")).hasValue(Pattern.compile(".*stderr$"));
    assertThat(page.getByTestId("log-content")).containsText("Worker");
  }

  /**
   * Every tab of the Spark UI draws inside the sandbox, those whose scripts keep state in web
   * storage too (the Executors tab, a stage's page, the Environment's tabs), which the sandbox's
   * opaque origin lacks: the proxy gives its pages storage in their own memory. No page throws.
   */
  @Test
  @Order(9)
  void everyTabOfTheSparkUiDrawsInTheSandbox() throws Exception {
    needCluster();
    // A job on the worker (a cached table) so that the Jobs, Stages, Storage and SQL tabs have
    // rows.
    Results cached =
        run(
            com.databricks.sdk.service.compute.Language.SQL,
            "CACHE TABLE kiln_ui_range AS SELECT id FROM range(1000)");
    assertThat(cached.getResultType()).as(cached.getCause()).isNotEqualTo(ResultType.ERROR);

    openDetail(null);
    assertThat(state()).hasText("RUNNING");
    List<String> errors = new CopyOnWriteArrayList<>();
    page.context().onPage(p -> p.onPageError(errors::add));
    Page ui = page.waitForPopup(() -> page.getByTestId("spark-ui").click());
    String uiBase = "/driver-proxy/" + clusterId + "/_t/";
    assertThat(ui).hasURL(Pattern.compile(".*" + uiBase + "[^/]+/jobs/?$"));
    assertThat(ui.locator("body")).containsText("Completed Jobs");
    tab(ui, "Stages", uiBase, "stages");
    assertThat(ui.locator("body")).containsText("Completed Stages");
    ui.locator("a[href*='/stages/stage/?id=']").first().click();
    assertThat(ui.locator("#summaryMetricsTitle")).containsText("Completed Tasks", drawn());
    assertThat(ui.locator("#active-tasks-table tbody tr").first()).containsText("SUCCESS", drawn());
    Browser.screenshot(ui, "compute-spark-ui-stage");
    tab(ui, "Storage", uiBase, "storage");
    assertThat(ui.locator("body")).containsText("kiln_ui_range");
    assertThat(ui.locator("body")).containsText("Memory Deserialized");
    tab(ui, "Environment", uiBase, "environment");
    assertThat(ui.locator("#spark-props-table tbody")).containsText("spark.app.id", drawn());
    ui.locator("#hadoop-props-tab").click();
    assertThat(ui.locator("#hadoop-props-table tbody")).containsText("fs.", drawn());
    Browser.screenshot(ui, "compute-spark-ui-environment");
    tab(ui, "Executors", uiBase, "executors");
    Locator executors = ui.locator("#active-executors-table tbody");
    assertThat(executors.locator("tr").first()).containsText("driver", drawn());
    // ... and the worker's executor after it.
    assertThat(executors.locator("tr").nth(1)).containsText("Active", drawn());
    Browser.screenshot(ui, "compute-spark-ui-executors");
    tab(ui, "SQL / DataFrame", uiBase, "SQL");
    // Its table comes from Spark's REST API, a page at a time.
    assertThat(ui.locator("#sql-table tbody tr td").first())
        .hasText(
            Pattern.compile("^\\s*\\d+\\s*$"),
            new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    Browser.screenshot(ui, "compute-spark-ui-sql");
    assertThat(errors).isEmpty();
  }

  /** The label of the worker node in the logs' node picker. */
  private String workerNode() {
    Locator option =
        page.getByLabel("Node")
            .locator("option", new Locator.LocatorOptions().setHasText("Worker"))
            .first();
    assertThat(option).hasCount(1);
    return option.textContent();
  }

  @Test
  @Order(10)
  void restartedAfterConfirmingItRunsAgain() {
    needCluster();
    openDetail(null);
    assertThat(state()).hasText("RUNNING");
    assertThat(page.getByTestId("cluster-config")).not().containsText("Last restarted");
    confirm("Restart");
    assertThat(page.getByTestId("cluster-config"))
        .containsText(
            "Last restarted", new LocatorAssertions.ContainsTextOptions().setTimeout(START_MS));
    assertThat(state()).hasText("RUNNING", slowly());
    assertThat(page.getByTestId("executor-count")).hasText("1", slowly());
  }

  @Test
  @Order(11)
  void terminatedAfterConfirmingItIsTerminated() {
    needCluster();
    openDetail(null);
    confirm("Terminate");
    assertThat(state()).hasText("TERMINATED", slowly());
    assertThat(page.getByTestId("termination-reason")).containsText("USER_REQUEST");
    assertThat(page.getByTestId("spark-ui")).hasCount(0);
    Browser.screenshot(page, "compute-terminated");
  }

  @Test
  @Order(12)
  void aNotebookStartsTheTerminatedClusterFromItsAttachPicker() {
    needCluster();
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(NOTEBOOK)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(
                    Base64.getEncoder()
                        .encodeToString(
                            "# Databricks notebook source\nprint(1)\n"
                                .getBytes(StandardCharsets.UTF_8))));
    signedIn();
    page.navigate(url("/notebook" + NOTEBOOK));
    page.getByLabel("Attach to cluster").selectOption(clusterId);
    assertThat(page.getByTestId("attach-state")).hasText("TERMINATED");
    page.getByText("Start cluster").click();
    assertThat(page.getByTestId("attach-state")).hasText("PENDING", slowly());
    Browser.screenshot(page, "notebook-attach-starting");
    assertThat(page.getByTestId("attach-state")).hasText("RUNNING", slowly());
    assertThat(page.getByText("Start cluster")).hasCount(0);
  }

  @Test
  @Order(13)
  void deletedAfterConfirmingItIsGone() {
    needCluster();
    openDetail(null);
    confirm("Delete");
    assertThat(page).hasURL(url("/compute"));
    assertThat(page.getByTestId("cluster-list")).not().containsText(NAME);
    assertThatThrownBy(() -> admin.clusters().get(clusterId)).isInstanceOf(DatabricksError.class);
  }

  /** No process of the cluster is left, whatever the tests did; leftovers are killed by pid. */
  @AfterAll
  static void leaveNoProcess() {
    if (clusterId == null) {
      return;
    }
    try {
      admin.clusters().permanentDelete(clusterId);
    } catch (DatabricksError e) {
      // deleted by the last test already
    }
    try {
      Awaitility.await("processes of " + clusterId + " to end")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(LocalCompute.processesOf(clusterId)).isEmpty());
    } finally {
      LocalCompute.processesOf(clusterId).forEach(LocalCompute::kill);
    }
  }
}
