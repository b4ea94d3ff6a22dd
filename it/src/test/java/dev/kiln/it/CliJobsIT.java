package dev.kiln.it;

import static dev.kiln.it.CliRun.fails;
import static dev.kiln.it.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln jobs}, {@code kiln runs} and {@code kiln pools} against a real server. The jobs are
 * DAGs of condition tasks, which need no cluster; the pool keeps no idle instance.
 */
class CliJobsIT extends ServerIT {
  private static final String TWO_CONDITIONS =
      "{\"name\":\"cli-job\",\"tasks\":["
          + "{\"task_key\":\"check\",\"condition_task\":"
          + "{\"op\":\"GREATER_THAN\",\"left\":\"2\",\"right\":\"1\"}},"
          + "{\"task_key\":\"then\",\"depends_on\":[{\"task_key\":\"check\",\"outcome\":\"true\"}],"
          + "\"condition_task\":{\"op\":\"EQUAL_TO\",\"left\":\"a\",\"right\":\"a\"}}]}";

  @TempDir Path temp;

  private CliRun kiln(String... args) {
    return CliRun.run(env(), "", args);
  }

  private Map<String, String> env() {
    return CliRun.adminEnv(server, temp);
  }

  @Test
  void aJobIsCreatedListedRunWithWaitAndDeleted() throws Exception {
    String jobId = ok(kiln("jobs", "create", "--json", TWO_CONDITIONS)).out().trim();
    assertThat(jobId).matches("\\d+");

    assertThat(ok(kiln("jobs", "list")).out())
        .startsWith("Job ID")
        .containsPattern(jobId + "\\s+cli-job\\s+admin");
    JsonNode job = ok(kiln("jobs", "get", jobId, "-o", "json")).json();
    assertThat(job.path("settings").path("name").asText()).isEqualTo("cli-job");

    CliRun ran = ok(kiln("jobs", "run-now", jobId, "--wait", "--timeout", "2m"));
    String runId = ran.out().trim();
    assertThat(runId).matches("\\d+");
    assertThat(ran.err()).contains("run " + runId + ": TERMINATED SUCCESS");

    assertThat(ok(kiln("runs", "list", "--job-id", jobId)).out())
        .containsPattern(runId + "\\s+" + jobId + "\\s+cli-job\\s+TERMINATED SUCCESS");
    String shown = ok(kiln("runs", "get", runId)).out();
    assertThat(shown).containsPattern("check\\s+\\d+\\s+TERMINATED SUCCESS");
    assertThat(shown).containsPattern("then\\s+\\d+\\s+TERMINATED SUCCESS");
    assertThat(shown).contains("/#job/" + jobId + "/run/" + runId);
    JsonNode run = ok(kiln("runs", "get", runId, "-o", "json")).json();
    assertThat(run.path("tasks")).hasSize(2);

    // The output of a multi-task run is per task, as on Databricks.
    CliRun whole = fails(kiln("runs", "get-output", runId), 1);
    assertThat(whole.err()).startsWith("Error: INVALID_PARAMETER_VALUE: ");
    String taskRunId = run.path("tasks").get(0).path("run_id").asText();
    JsonNode output = ok(kiln("runs", "get-output", taskRunId, "-o", "json")).json();
    assertThat(output.path("metadata").path("run_id").asText()).isEqualTo(taskRunId);

    ok(kiln("runs", "delete", runId));
    ok(kiln("jobs", "delete", jobId));
    assertThat(ok(kiln("jobs", "list")).out()).doesNotContain("cli-job");
    CliRun gone = fails(kiln("jobs", "get", jobId), 1);
    assertThat(gone.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
  }

  @Test
  void aOneTimeRunIsSubmittedAndWaitedFor() throws Exception {
    String submit =
        "{\"run_name\":\"cli-once\",\"tasks\":[{\"task_key\":\"only\",\"condition_task\":"
            + "{\"op\":\"LESS_THAN\",\"left\":\"1\",\"right\":\"2\"}}]}";
    CliRun submitted = ok(kiln("runs", "submit", "--json", submit, "--wait"));
    String runId = submitted.out().trim();
    assertThat(runId).matches("\\d+");
    JsonNode run = ok(kiln("runs", "get", runId, "-o", "json")).json();
    assertThat(run.path("run_name").asText()).isEqualTo("cli-once");
    assertThat(run.path("state").path("result_state").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void badInputIsAUsageErrorOrTheApisError() {
    assertThat(fails(kiln("jobs", "run-now", "1", "--notebook-params", "{bad"), 2).err())
        .startsWith("Error: invalid JSON in --notebook-params");
    assertThat(fails(kiln("jobs", "create", "--json", "{\"tasks\":[{}]}"), 1).err())
        .startsWith("Error: INVALID_PARAMETER_VALUE: ");
    assertThat(fails(kiln("runs", "get", "987654321"), 1).err())
        .startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
    fails(kiln("jobs", "get", "not-a-number"), 2);
  }

  @Test
  void aPoolIsCreatedListedShownAndDeleted() throws Exception {
    String poolId =
        ok(kiln(
                "pools",
                "create",
                "--json",
                "{\"instance_pool_name\":\"cli-pool\",\"node_type_id\":\"kiln-1c-2g\","
                    + "\"min_idle_instances\":0,\"max_capacity\":2}"))
            .out()
            .trim();
    assertThat(poolId).isNotBlank();
    assertThat(ok(kiln("pools", "list")).out())
        .startsWith("Pool ID")
        .containsPattern(poolId + "\\s+cli-pool\\s+kiln-1c-2g\\s+ACTIVE\\s+0\\s+0\\s+0\\s+2");
    ok(
        kiln(
            "pools",
            "edit",
            poolId,
            "--json",
            "{\"instance_pool_name\":\"cli-pool-2\","
                + "\"node_type_id\":\"kiln-1c-2g\",\"max_capacity\":3}"));
    JsonNode pool = ok(kiln("pools", "get", poolId, "-o", "json")).json();
    assertThat(pool.path("instance_pool_name").asText()).isEqualTo("cli-pool-2");
    assertThat(pool.path("max_capacity").asInt()).isEqualTo(3);
    ok(kiln("pools", "delete", poolId));
    assertThat(fails(kiln("pools", "get", poolId), 1).err())
        .startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
  }
}
