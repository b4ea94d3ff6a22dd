package dev.kiln.server.jobs.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.server.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {
  private static ObjectNode json(String text) {
    return JobsJson.tree(text);
  }

  @Test
  void aSingleTaskBodyBecomesOneTaskAndComesBackForThe20Api() {
    ObjectNode stored =
        SettingsJson.normalize(
            json(
                "{\"name\":\"nightly etl\",\"existing_cluster_id\":\"c1\",\"notebook_task\":{\"notebook_path\":\"/n\"},"
                    + "\"max_retries\":3,\"timeout_seconds\":60,\"email_notifications\":{\"on_failure\":[\"a@b\"]}}"),
            false);
    assertThat(stored.path("format").asText()).isEqualTo("SINGLE_TASK");
    ObjectNode task = (ObjectNode) stored.path("tasks").get(0);
    assertThat(task.path("task_key").asText()).isEqualTo("nightly_etl");
    assertThat(task.path("existing_cluster_id").asText()).isEqualTo("c1");
    assertThat(task.path("max_retries").asInt()).isEqualTo(3);
    assertThat(task.path("timeout_seconds").asInt()).isEqualTo(60);
    assertThat(task.path("notebook_task").path("source").asText()).isEqualTo("WORKSPACE");
    assertThat(stored.has("notebook_task")).isFalse();
    assertThat(stored.path("email_notifications").path("on_failure").get(0).asText())
        .isEqualTo("a@b");

    ObjectNode legacy = SettingsJson.toSingleTaskView(stored);
    assertThat(legacy.has("tasks")).isFalse();
    assertThat(legacy.path("notebook_task").path("notebook_path").asText()).isEqualTo("/n");
    assertThat(legacy.path("existing_cluster_id").asText()).isEqualTo("c1");
    assertThat(legacy.path("max_retries").asInt()).isEqualTo(3);
  }

  @Test
  void multiTaskJobsGetTheCloudsDefaults() {
    ObjectNode stored =
        SettingsJson.normalize(
            json(
                "{\"git_source\":{\"git_url\":\"u\"},\"tasks\":[{\"task_key\":\"a\",\"notebook_task\":{\"notebook_path\":\"n\"},"
                    + "\"depends_on\":[{\"task_key\":\"c\"},{\"task_key\":\"b\"}]}]}"),
            true);
    assertThat(stored.path("name").asText()).isEqualTo("Untitled");
    assertThat(stored.path("format").asText()).isEqualTo("MULTI_TASK");
    assertThat(stored.path("queue").path("enabled").asBoolean()).isTrue();
    assertThat(stored.path("max_concurrent_runs").asInt()).isEqualTo(1);
    ObjectNode task = (ObjectNode) stored.path("tasks").get(0);
    assertThat(task.path("run_if").asText()).isEqualTo("ALL_SUCCESS");
    assertThat(task.path("notebook_task").path("source").asText()).isEqualTo("GIT");
    assertThat(task.path("depends_on").findValuesAsText("task_key")).containsExactly("b", "c");
    assertThat(SettingsJson.toSingleTaskView(stored)).isEqualTo(stored);
  }

  @Test
  void without22TheQueueStaysOff() {
    assertThat(SettingsJson.normalize(json("{}"), false).has("queue")).isFalse();
    assertThat(
            SettingsJson.normalize(json("{\"queue\":{\"enabled\":false}}"), true)
                .path("queue")
                .path("enabled")
                .asBoolean())
        .isFalse();
  }

  @Test
  void updateReplacesFieldsMergesKeyedArraysAndRemovesEntries() {
    ObjectNode current =
        json(
            "{\"name\":\"a\",\"tags\":{\"x\":\"1\"},\"tasks\":[{\"task_key\":\"t1\",\"v\":1},{\"task_key\":\"t2\",\"v\":1}],"
                + "\"job_clusters\":[{\"job_cluster_key\":\"j\"}]}");
    ObjectNode merged =
        SettingsUpdate.apply(
            current,
            json(
                "{\"tags\":{\"y\":\"2\"},\"tasks\":[{\"task_key\":\"t2\",\"v\":2},{\"task_key\":\"t3\",\"v\":3}]}"),
            List.of("job_clusters/j", "name"));
    assertThat(merged.path("tags").toString()).isEqualTo("{\"y\":\"2\"}");
    assertThat(merged.path("tasks").toString())
        .isEqualTo(
            "[{\"task_key\":\"t1\",\"v\":1},{\"task_key\":\"t2\",\"v\":2},{\"task_key\":\"t3\",\"v\":3}]");
    assertThat(merged.path("job_clusters")).isEmpty();
    assertThat(merged.has("name")).isFalse();
    assertThat(current.path("tasks")).as("the input is not changed").hasSize(2);
  }

  @Test
  void updateRefusesToRemoveNestedFields() {
    assertThatThrownBy(
            () ->
                SettingsUpdate.apply(json("{}"), null, List.of("schedule/quartz_cron_expression")))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> SettingsUpdate.apply(json("{}"), null, List.of("tasks/")))
        .isInstanceOf(ApiException.class);
  }
}
