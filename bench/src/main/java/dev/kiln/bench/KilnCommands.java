package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Command Execution API 1.2 calls on one cluster, timed the way a client sees them: a context
 * created and polled until Running, a command executed and polled until Finished.
 */
final class KilnCommands {
  private static final String BASE = "/api/1.2";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final Api api;
  private final String clusterId;

  KilnCommands(Api api, String clusterId) {
    this.api = api;
    this.clusterId = clusterId;
  }

  /** A context that was created and became Running, and how long that took. */
  record Created(String id, long nanos) {}

  /** {@code contexts/create}, then {@code contexts/status} every {@code pollMs} until Running. */
  Created createContext(String language, long pollMs) throws InterruptedException {
    long start = System.nanoTime();
    String id =
        api.post(
                BASE + "/contexts/create",
                "{\"clusterId\":" + Api.quote(clusterId) + ",\"language\":\"" + language + "\"}")
            .path("id")
            .asText();
    String path =
        BASE + "/contexts/status?clusterId=" + Api.query(clusterId) + "&contextId=" + Api.query(id);
    while (true) {
      JsonNode status = api.get(path);
      String state = status.path("status").asText();
      if (state.equals("Running")) {
        return new Created(id, System.nanoTime() - start);
      }
      if (state.equals("Error")) {
        throw new IllegalStateException(language + " context " + id + " failed: " + status);
      }
      checkTime(start, "context " + id);
      Thread.sleep(pollMs);
    }
  }

  void destroyContext(String contextId) {
    api.post(
        BASE + "/contexts/destroy",
        "{\"clusterId\":" + Api.quote(clusterId) + ",\"contextId\":" + Api.quote(contextId) + "}");
  }

  /**
   * One command's round trip through the API.
   *
   * @param nanos from sending {@code commands/execute} to reading the status that says Finished
   * @param executeNanos the {@code commands/execute} call alone
   * @param lastStatusNanos the last {@code commands/status} call alone (the one that said Finished)
   * @param polls {@code commands/status} calls made
   * @param results the Finished command's results
   */
  record Run(long nanos, long executeNanos, long lastStatusNanos, int polls, JsonNode results) {}

  /** {@code commands/execute}, then {@code commands/status} every {@code pollMs} until Finished. */
  Run run(String contextId, String language, String command, long pollMs)
      throws InterruptedException {
    long start = System.nanoTime();
    String id =
        api.post(
                BASE + "/commands/execute",
                "{\"clusterId\":"
                    + Api.quote(clusterId)
                    + ",\"contextId\":"
                    + Api.quote(contextId)
                    + ",\"language\":\""
                    + language
                    + "\",\"command\":"
                    + Api.quote(command)
                    + "}")
            .path("id")
            .asText();
    long executeNanos = System.nanoTime() - start;
    String path =
        BASE
            + "/commands/status?clusterId="
            + Api.query(clusterId)
            + "&contextId="
            + Api.query(contextId)
            + "&commandId="
            + Api.query(id);
    int polls = 0;
    while (true) {
      long callStart = System.nanoTime();
      JsonNode status = api.get(path);
      long now = System.nanoTime();
      polls++;
      String state = status.path("status").asText();
      if (state.equals("Finished")) {
        JsonNode results = status.path("results");
        if (results.path("resultType").asText().equals("error")) {
          throw new IllegalStateException("command failed: " + results);
        }
        return new Run(now - start, executeNanos, now - callStart, polls, results);
      }
      if (state.equals("Error") || state.equals("Cancelled")) {
        throw new IllegalStateException("command " + state + ": " + status);
      }
      checkTime(start, "command " + id);
      Thread.sleep(pollMs);
    }
  }

  private static void checkTime(long start, String what) {
    if (System.nanoTime() - start > TIMEOUT.toNanos()) {
      throw new IllegalStateException(what + " not done after " + TIMEOUT);
    }
  }
}
