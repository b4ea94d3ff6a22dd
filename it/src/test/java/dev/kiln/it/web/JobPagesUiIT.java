package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.PauseStatus;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.jobs.TaskDependency;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.kiln.server.compute.LocalCompute;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Jobs pages against the real Jobs API 2.2 and one real single-node cluster: a two-task job
 * made in the form and run with notebook parameters (its graph and each task's output), a failing
 * run repaired, a long run cancelled, and the list paged. Runs only where the server serves the
 * Jobs API (the class is skipped, by assumption, while {@code /api/2.2/jobs/list} does not answer
 * 200).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobPagesUiIT extends UiTest {
  /** A cluster start, then notebook runs, on a busy machine. */
  private static final double SLOW_MS = Duration.ofMinutes(4).toMillis();

  private static final String INGEST = "/Users/admin/jobs/ingest";
  private static final String REPORT = "/Users/admin/jobs/report";
  private static final String CHECK = "/Users/admin/jobs/check";
  private static final String SLEEP = "/Users/admin/jobs/sleep";
  private static String clusterId;

  @BeforeAll
  static void jobsApiAndACluster() throws Exception {
    int status = server.call("GET", "/api/2.2/jobs/list", null).statusCode();
    Assumptions.assumeTrue(
        status == 200, "the server does not serve the Jobs API yet (jobs/list: " + status + ")");
    notebook(INGEST, "print('ingesting')\ndbutils.notebook.exit('ingested')");
    notebook(REPORT, "dbutils.notebook.exit('hello ' + dbutils.widgets.get('who'))");
    notebook(CHECK, "raise ValueError('the input is not there yet')");
    notebook(SLEEP, "import time\ntime.sleep(600)");
    clusterId =
        admin
            .clusters()
            .create(
                new CreateCluster()
                    .setClusterName("jobs-ui")
                    .setSparkVersion("1.0.x-scala2.13")
                    .setNodeTypeId("kiln-1c-2g")
                    .setNumWorkers(0L)
                    .setAutoterminationMinutes(0L)
                    .setSparkConf(
                        Map.of(
                            "spark.databricks.cluster.profile",
                            "singleNode",
                            "spark.master",
                            "local[*]"))
                    .setCustomTags(Map.of("ResourceClass", "SingleNode")))
            .get(Duration.ofMinutes(3))
            .getClusterId();
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

  private static void notebook(String path, String code) {
    admin.workspace().mkdirs(path.substring(0, path.lastIndexOf('/')));
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(path)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(
                    Base64.getEncoder()
                        .encodeToString(
                            ("# Databricks notebook source\n" + code)
                                .getBytes(StandardCharsets.UTF_8))));
  }

  private static Task notebookTask(String key, String path) {
    return new Task()
        .setTaskKey(key)
        .setExistingClusterId(clusterId)
        .setNotebookTask(new NotebookTask().setNotebookPath(path));
  }

  private static long jobIdIn(String url) {
    return Long.parseLong(url.replaceAll(".*/jobs/(\\d+).*", "$1"));
  }

  private Locator node(String taskKey) {
    return page.locator("g[data-task='" + taskKey + "']");
  }

  private static LocatorAssertions.HasTextOptions slowText() {
    return new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS);
  }

  private static LocatorAssertions.HasAttributeOptions slowly() {
    return new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS);
  }

  private Locator button(String name) {
    return page.getByRole(
        AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  private Locator dialogButton(String name) {
    return page.getByRole(AriaRole.DIALOG)
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  @Test
  @Order(1)
  void aTwoTaskJobMadeInTheFormRunsWithNotebookParametersAndShowsItsGraph() {
    signedIn();
    page.navigate(url("/jobs"));
    page.getByText("Create job").click();
    page.locator("input[name=job_name]").fill("nightly report");
    Locator first = page.getByTestId("task-editor").nth(0);
    first.locator("input[name=task_key]").fill("ingest");
    first.locator("input[name=notebook_path]").fill(INGEST);
    first.locator("select[name=compute]").selectOption("existing:" + clusterId);
    page.getByText("+ Add task").click();
    Locator second = page.getByTestId("task-editor").nth(1);
    second.locator("input[name=task_key]").fill("report");
    second.locator("input[name=notebook_path]").fill(REPORT);
    second.locator("textarea[name=base_parameters]").fill("who=world");
    // A new task follows the last one, on its cluster.
    assertThat(second.getByLabel("ingest")).isChecked();
    assertThat(second.locator("select[name=compute]")).hasValue("existing:" + clusterId);
    page.getByLabel("Run on a schedule").check();
    page.locator("input[name=quartz_cron_expression]").fill("0 30 6 * * ?");
    page.locator("input[name=timezone_id]").fill("Europe/Paris");
    page.getByLabel("Paused").check();
    Browser.screenshot(page, "jobs-create");
    button("Create job").click();

    assertThat(page)
        .hasURL(
            Pattern.compile(".*/jobs/\\d+$"),
            new PageAssertions.HasURLOptions().setTimeout(30_000));
    long jobId = jobIdIn(page.url());
    assertThat(page.getByTestId("job-name")).hasText("nightly report");
    assertThat(node("ingest")).hasCount(1);
    assertThat(node("report")).hasCount(1);
    assertThat(page.locator("path[data-edge='ingest->report']")).hasCount(1);
    assertThat(page.getByTestId("job-summary")).containsText("0 30 6 * * ?");
    Browser.screenshot(page, "jobs-detail");

    Job job = admin.jobs().get(jobId);
    assertThat(job.getSettings().getName()).isEqualTo("nightly report");
    assertThat(job.getSettings().getTasks())
        .extracting(Task::getTaskKey)
        .containsExactlyInAnyOrder("ingest", "report");
    Task report =
        job.getSettings().getTasks().stream()
            .filter(t -> t.getTaskKey().equals("report"))
            .findFirst()
            .orElseThrow();
    assertThat(report.getDependsOn())
        .extracting(TaskDependency::getTaskKey)
        .containsExactly("ingest");
    assertThat(report.getExistingClusterId()).isEqualTo(clusterId);
    assertThat(report.getNotebookTask().getBaseParameters()).containsEntry("who", "world");
    assertThat(job.getSettings().getSchedule().getQuartzCronExpression()).isEqualTo("0 30 6 * * ?");
    assertThat(job.getSettings().getSchedule().getTimezoneId()).isEqualTo("Europe/Paris");
    assertThat(job.getSettings().getSchedule().getPauseStatus()).isEqualTo(PauseStatus.PAUSED);

    // Run now with another notebook parameter: the run page shows the graph filling in.
    button("Run now").click();
    Locator params = page.getByRole(AriaRole.DIALOG).locator("textarea[name=notebook_params]");
    assertThat(params).hasValue("who=world");
    params.fill("who=kiln");
    dialogButton("Run").click();
    assertThat(page).hasURL(Pattern.compile(".*/jobs/runs/\\d+$"));
    assertThat(node("report")).hasAttribute("data-state", "SUCCESS", slowly());
    assertThat(node("ingest")).hasAttribute("data-state", "SUCCESS");
    assertThat(page.getByTestId("run-state").first()).hasText("SUCCESS");
    node("report").click();
    assertThat(page.getByTestId("notebook-result")).hasText("hello kiln", slowText());
    Browser.screenshot(page, "jobs-run");
    node("ingest").click();
    assertThat(page.getByTestId("notebook-result")).hasText("ingested", slowText());

    // The job's history lists the run; Edit keeps what the form does not show.
    page.getByText("nightly report").first().click();
    assertThat(page.getByTestId("run-list").locator("tbody tr")).hasCount(1);
    assertThat(page.getByTestId("run-list")).containsText("SUCCESS");
    page.getByText("Edit").click();
    page.locator("input[name=job_name]").fill("nightly report v2");
    button("Save job").click();
    assertThat(page.getByTestId("job-name")).hasText("nightly report v2");
    Job edited = admin.jobs().get(jobId);
    assertThat(edited.getSettings().getTasks()).hasSize(2);
    assertThat(edited.getSettings().getSchedule().getPauseStatus()).isEqualTo(PauseStatus.PAUSED);
  }

  @Test
  @Order(2)
  void aFailedTaskShowsItsErrorAndTheRunIsRepairedOnceTheNotebookIsFixed() {
    long jobId =
        admin
            .jobs()
            .create(
                new CreateJob()
                    .setName("check then report")
                    .setTasks(
                        List.of(
                            notebookTask("check", CHECK),
                            notebookTask("after", INGEST)
                                .setDependsOn(List.of(new TaskDependency().setTaskKey("check"))))))
            .getJobId();
    signedIn();
    page.navigate(url("/jobs/" + jobId));
    button("Run now").click();
    dialogButton("Run").click();
    assertThat(node("check")).hasAttribute("data-state", "FAILED", slowly());
    assertThat(node("after")).hasAttribute("data-state", "UPSTREAM_FAILED", slowly());
    assertThat(page.getByTestId("run-state").first()).hasText("FAILED");
    Locator output = page.getByTestId("task-output");
    assertThat(output).hasAttribute("data-task", "check");
    assertThat(output.getByTestId("task-error"))
        .containsText(
            "the input is not there yet",
            new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS));
    assertThat(output.locator("details pre")).isHidden();
    Browser.screenshot(page, "jobs-run-failed");

    notebook(CHECK, "print('the input is there')");
    button("Repair run").click();
    dialogButton("Repair 2 tasks").click();
    assertThat(node("after")).hasAttribute("data-state", "SUCCESS", slowly());
    assertThat(node("check")).hasAttribute("data-state", "SUCCESS");
    assertThat(page.getByTestId("run-state").first()).hasText("SUCCESS");
    assertThat(page.getByTestId("repair-history")).containsText("Repair");
  }

  @Test
  @Order(3)
  void aLongRunIsCancelledFromItsPage() {
    long jobId =
        admin
            .jobs()
            .create(
                new CreateJob().setName("sleeper").setTasks(List.of(notebookTask("sleep", SLEEP))))
            .getJobId();
    long runId = admin.jobs().runNow(new RunNow().setJobId(jobId)).getResponse().getRunId();
    signedIn();
    page.navigate(url("/jobs/runs/" + runId));
    assertThat(node("sleep")).hasAttribute("data-state", "RUNNING", slowly());
    button("Cancel run").click();
    dialogButton("Cancel run").click();
    assertThat(page.getByTestId("run-state").first())
        .hasText("CANCELED", new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS));
    assertThat(node("sleep")).not().hasAttribute("data-state", "RUNNING");
  }

  @Test
  @Order(4)
  void theJobListIsPagedAndTheRunsTabListsEveryRun() {
    IntStream.range(0, 26)
        .forEach(i -> admin.jobs().create(new CreateJob().setName(String.format("bulk-%02d", i))));
    signedIn();
    page.navigate(url("/jobs"));
    Locator rows = page.getByTestId("job-list").locator("tbody tr");
    assertThat(rows).hasCount(25);
    Browser.screenshot(page, "jobs-list");
    page.getByText("Next ›").click();
    assertThat(page.getByText("Page 2")).isVisible();
    assertThat(rows.first()).not().containsText("No jobs");

    page.locator("input[aria-label='Job name']").fill("bulk-07");
    page.getByText("Filter").click();
    assertThat(rows).hasCount(1);
    assertThat(rows).containsText("bulk-07");

    page.navigate(url("/jobs?tab=runs"));
    assertThat(page.getByTestId("run-list")).containsText("SUCCESS");
    assertThat(page.getByTestId("run-list")).containsText("CANCELED");
    Browser.screenshot(page, "jobs-runs");
  }
}
