package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.kiln.it.SharedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Jobs pages against the real Jobs API 2.2 and the shared single-node cluster: a two-task job
 * made in the form and run with notebook parameters (its graph and each task's output), a failing
 * run repaired, a long run cancelled, and the list paged. Runs only where the server serves the
 * Jobs API (the class is skipped, by assumption, while {@code /api/2.2/jobs/list} does not answer
 * 200).
 */
@SharedCluster.OnSharedCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobPagesUiIT extends UiTest {
  /** A cluster start, then notebook runs, on a busy machine. */
  private static final double SLOW_MS = Duration.ofMinutes(4).toMillis();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INGEST = "/Users/admin/jobs/ingest";
  private static final String REPORT = "/Users/admin/jobs/report";
  private static final String CHECK = "/Users/admin/jobs/check";
  private static final String SLEEP = "/Users/admin/jobs/sleep";
  private static String clusterId;

  @BeforeAll
  static void jobsApiAndACluster() throws Exception {
    int status = server.call("GET", "/api/2.2/jobs/list", null).statusCode();
    Assertions.assertEquals(
        200, status, "the server does not serve the Jobs API (jobs/list answered " + status + ")");
    notebook(INGEST, "print('ingesting')\ndbutils.notebook.exit('ingested')");
    notebook(REPORT, "dbutils.notebook.exit('hello ' + dbutils.widgets.get('who'))");
    notebook(CHECK, "raise ValueError('the input is not there yet')");
    notebook(SLEEP, "import time\ntime.sleep(600)");
    clusterId = SharedCluster.clusterId();
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

  @Test
  @Order(5)
  void theFormWritesJarSubmitAndLibrarySettingsAndAnEditKeepsWhatItDoesNotShow() throws Exception {
    signedIn();
    page.navigate(url("/jobs/create"));
    page.locator("input[name=job_name]").fill("jar and submit");
    page.locator("input[name=job_timeout_seconds]").fill("3600");
    page.locator("input[name=email_on_failure]").fill("ops@example.com, me@example.com");
    Locator jar = page.getByTestId("task-editor").nth(0);
    jar.locator("input[name=task_key]").fill("jar");
    jar.locator("select[name=task_type]").selectOption("jar");
    jar.locator("input[name=main_class_name]").fill("com.example.Main");
    jar.locator("textarea[name=jar_parameters]").fill("2026-01-01\n--full");
    jar.locator("select[name=compute]").selectOption("existing:" + clusterId);
    jar.getByText("+ Add library").click();
    jar.getByTestId("library")
        .nth(0)
        .locator("input[name=library_value]")
        .fill("dbfs:/jars/app.jar");
    jar.getByText("+ Add library").click();
    Locator maven = jar.getByTestId("library").nth(1);
    maven.locator("select[name=library_kind]").selectOption("maven");
    maven.locator("input[name=library_value]").fill("org.example:lib:1.0");
    jar.locator("input[name=max_retries]").fill("2");
    jar.locator("input[name=timeout_seconds]").fill("600");
    page.getByText("+ Add task").click();
    Locator submit = page.getByTestId("task-editor").nth(1);
    submit.locator("input[name=task_key]").fill("submit");
    submit.locator("select[name=task_type]").selectOption("submit");
    submit
        .locator("textarea[name=submit_parameters]")
        .fill("--class\ncom.example.Main\ndbfs:/jars/app.jar\nnightly");
    submit.getByText("+ Add library").click();
    Locator pypi = submit.getByTestId("library").nth(0);
    pypi.locator("select[name=library_kind]").selectOption("pypi");
    pypi.locator("input[name=library_value]").fill("requests==2.32.3");
    Browser.screenshot(page, "jobs-create-jar");
    button("Create job").click();
    assertThat(page)
        .hasURL(
            Pattern.compile(".*/jobs/\\d+$"),
            new PageAssertions.HasURLOptions().setTimeout(30_000));
    long jobId = jobIdIn(page.url());

    // What the form wrote is what jobs/get returns.
    Map<String, Object> settings = settingsOf(jobId);
    assertThat(settings).containsEntry("timeout_seconds", 3600);
    assertThat(settings.get("email_notifications"))
        .isEqualTo(Map.of("on_failure", List.of("ops@example.com", "me@example.com")));
    Map<String, Object> jarTask = taskOf(settings, "jar");
    assertThat(jarTask.get("spark_jar_task"))
        .isEqualTo(
            Map.of(
                "main_class_name",
                "com.example.Main",
                "parameters",
                List.of("2026-01-01", "--full")));
    assertThat(jarTask.get("libraries"))
        .isEqualTo(
            List.of(
                Map.of("jar", "dbfs:/jars/app.jar"),
                Map.of("maven", Map.of("coordinates", "org.example:lib:1.0"))));
    assertThat(jarTask).containsEntry("max_retries", 2).containsEntry("timeout_seconds", 600);
    Map<String, Object> submitTask = taskOf(settings, "submit");
    assertThat(submitTask.get("spark_submit_task"))
        .isEqualTo(
            Map.of(
                "parameters",
                List.of("--class", "com.example.Main", "dbfs:/jars/app.jar", "nightly")));
    assertThat(submitTask.get("libraries"))
        .isEqualTo(List.of(Map.of("pypi", Map.of("package", "requests==2.32.3"))));
    assertThat(submitTask.get("depends_on")).isEqualTo(List.of(Map.of("task_key", "jar")));

    // Fields the form does not show, set through the API, survive an edit in the form.
    Map<String, Object> more = new LinkedHashMap<>(settings);
    more.put("tags", Map.of("team", "data"));
    more.put(
        "email_notifications",
        Map.of(
            "on_failure",
            List.of("ops@example.com", "me@example.com"),
            "no_alert_for_skipped_runs",
            true));
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (Map<String, Object> t : tasksOf(settings)) {
      Map<String, Object> copy = new LinkedHashMap<>(t);
      if (t.get("task_key").equals("submit")) {
        copy.put(
            "libraries",
            List.of(
                Map.of(
                    "pypi",
                    Map.of("package", "requests==2.32.3", "repo", "https://pypi.example"))));
        copy.put("retry_on_timeout", true);
      }
      tasks.add(copy);
    }
    more.put("tasks", tasks);
    var reset =
        server.call(
            "POST",
            "/api/2.2/jobs/reset",
            JSON.writeValueAsString(Map.of("job_id", jobId, "new_settings", more)));
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    page.navigate(url("/jobs/" + jobId + "/edit"));
    Locator edited = page.getByTestId("task-editor").nth(1);
    assertThat(edited.getByTestId("library").locator("input[name=library_value]"))
        .hasValue("requests==2.32.3");
    edited.getByTestId("library").locator("input[name=library_value]").fill("requests==2.32.4");
    page.locator("input[name=job_timeout_seconds]").fill("7200");
    button("Save job").click();
    assertThat(page.getByTestId("job-name")).hasText("jar and submit");
    Map<String, Object> after = settingsOf(jobId);
    assertThat(after).containsEntry("timeout_seconds", 7200);
    assertThat(after).containsEntry("tags", Map.of("team", "data"));
    assertThat(after.get("email_notifications")).isEqualTo(more.get("email_notifications"));
    Map<String, Object> submitAfter = taskOf(after, "submit");
    assertThat(submitAfter.get("libraries"))
        .isEqualTo(
            List.of(
                Map.of(
                    "pypi",
                    Map.of("package", "requests==2.32.4", "repo", "https://pypi.example"))));
    assertThat(submitAfter).containsEntry("retry_on_timeout", true);
    assertThat(taskOf(after, "jar").get("libraries")).isEqualTo(jarTask.get("libraries"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> settingsOf(long jobId) throws Exception {
    var r = server.call("GET", "/api/2.2/jobs/get?job_id=" + jobId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (Map<String, Object>) JSON.readValue(r.body(), Map.class).get("settings");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasksOf(Map<String, Object> settings) {
    return (List<Map<String, Object>>) settings.get("tasks");
  }

  private static Map<String, Object> taskOf(Map<String, Object> settings, String key) {
    return tasksOf(settings).stream()
        .filter(t -> key.equals(t.get("task_key")))
        .findFirst()
        .orElseThrow();
  }
}
