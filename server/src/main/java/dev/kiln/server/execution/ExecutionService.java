package dev.kiln.server.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.model.execution.CommandStatusResponse;
import dev.kiln.model.execution.ContextStatusResponse;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.auth.CommandCredentials;
import dev.kiln.server.clusters.ClusterService;
import dev.kiln.server.compute.NodeClient;
import dev.kiln.server.compute.NodeRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command Execution 1.2 on the control plane's side: checks the request, finds the cluster's driver
 * and passes the call to the execution service running there, which owns the contexts and their
 * interpreters. Results come back as the driver rendered them. Every command goes with a command
 * credential minted here ({@link CommandCredentials}): the driver's only way to act for the
 * command's user on the control plane.
 */
public final class ExecutionService {
  static final Set<String> LANGUAGES = Set.of("python", "scala", "sql");

  private final ClusterService clusters;
  private final CommandCredentials credentials;
  private final NodeClient nodes = new NodeClient();

  public ExecutionService(ClusterService clusters, CommandCredentials credentials) {
    this.clusters = clusters;
    this.credentials = credentials;
  }

  public String createContext(Principal who, String clusterId, String language) {
    return createContext(who, clusterId, language, null, null, null);
  }

  /**
   * A context for a job task: {@code widgets} become bound widget values and {@code taskValues}
   * (task key to key to value) the upstream values {@code dbutils.jobs.taskValues.get} reads; a
   * notebook task's {@code notebookPath} is where relative {@code dbutils.notebook.run} paths
   * start.
   */
  public String createContext(
      Principal who,
      String clusterId,
      String language,
      Map<String, String> widgets,
      Map<String, Map<String, Object>> taskValues,
      String notebookPath) {
    String lang = language(language);
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    JsonNode created =
        call(
            driver,
            "POST",
            "/contexts",
            body(
                "language",
                lang,
                "user",
                who.userName(),
                "widgets",
                widgets,
                "task_values",
                taskValues,
                "notebook_path",
                notebookPath));
    clusters.touch(clusterId);
    return created.path("context_id").asText();
  }

  /**
   * A context that runs programs' main methods (a jar or spark-submit job task's): its commands are
   * {@link dev.kiln.model.node.exec.JarMain} calls as JSON. Job tasks only: the public API does not
   * offer the language.
   */
  public String createJarContext(Principal who, String clusterId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    JsonNode created =
        call(driver, "POST", "/contexts", body("language", "jar", "user", who.userName()));
    clusters.touch(clusterId);
    return created.path("context_id").asText();
  }

  /**
   * A command as the driver reports it: {@code status}, {@code results} and, when the command
   * called {@code dbutils.notebook.exit}, {@code notebook_exit}.
   */
  public JsonNode commandState(String clusterId, String contextId, String commandId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    return call(driver, "GET", commandPath(contextId, commandId), null);
  }

  /** The task values a context set ({@code {"key": value}}). */
  public JsonNode taskValues(String clusterId, String contextId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    return call(driver, "GET", "/contexts/" + id(contextId, "contextId") + "/task-values", null)
        .path("values");
  }

  public ContextStatusResponse contextStatus(String clusterId, String contextId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    JsonNode status = call(driver, "GET", "/contexts/" + id(contextId, "contextId"), null);
    return new ContextStatusResponse(
        status.path("context_id").asText(), status.path("status").asText());
  }

  /** Destroys a context; the credentials of its commands are refused from now on. */
  public void destroyContext(String clusterId, String contextId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    call(driver, "DELETE", "/contexts/" + id(contextId, "contextId"), null);
    credentials.revokeContext(driver.clusterId(), contextId);
  }

  public String execute(
      Principal who, String clusterId, String contextId, String language, String command) {
    return execute(
        who, clusterId, contextId, language, command, CommandCredentials.DEFAULT_LIFETIME);
  }

  /**
   * Queues {@code who}'s command; its credential (for this driver and context) lives {@code
   * lifetime}: a job task's timeout, or {@link CommandCredentials#DEFAULT_LIFETIME}.
   */
  public String execute(
      Principal who,
      String clusterId,
      String contextId,
      String language,
      String command,
      Duration lifetime) {
    required(command, "command");
    required(contextId, "contextId");
    if (language != null) {
      language(language);
    }
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    JsonNode queued =
        call(
            driver,
            "POST",
            "/contexts/" + id(contextId, "contextId") + "/commands",
            body(
                "command",
                command,
                "user",
                who.userName(),
                "language",
                language,
                "credential",
                credentials.mint(
                    who.userName(),
                    new CommandCredentials.Driver(
                        driver.clusterId(), driver.generation(), driver.instanceId()),
                    contextId,
                    lifetime)));
    clusters.touch(clusterId);
    return queued.path("command_id").asText();
  }

  public CommandStatusResponse commandStatus(String clusterId, String contextId, String commandId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    JsonNode status = call(driver, "GET", commandPath(contextId, commandId), null);
    JsonNode results = status.get("results");
    return new CommandStatusResponse(
        status.path("id").asText(commandId),
        status.path("status").asText(),
        results == null || results.isNull() ? null : results);
  }

  public void cancel(String clusterId, String contextId, String commandId) {
    NodeRow driver = clusters.runningDriver(required(clusterId, "clusterId"));
    call(driver, "POST", commandPath(contextId, commandId) + "/cancel", null);
  }

  private static String commandPath(String contextId, String commandId) {
    return "/contexts/" + id(contextId, "contextId") + "/commands/" + id(commandId, "commandId");
  }

  /** A node's answer, or its error as the API's error. */
  private JsonNode call(NodeRow driver, String method, String path, Object body) {
    NodeClient.Answer answer =
        nodes
            .call(driver, method, path, body)
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.TEMPORARILY_UNAVAILABLE,
                        "The driver of cluster " + driver.clusterId() + " did not answer"));
    if (answer.status() / 100 == 2) {
      return answer.body();
    }
    String message = answer.body().path("message").asText("the driver refused the request");
    ErrorCode code;
    try {
      code = ErrorCode.valueOf(answer.body().path("error_code").asText());
    } catch (IllegalArgumentException e) {
      code =
          switch (answer.status()) {
            case 404 -> ErrorCode.RESOURCE_DOES_NOT_EXIST;
            case 409 -> ErrorCode.INVALID_STATE;
            case 400 -> ErrorCode.INVALID_PARAMETER_VALUE;
            default -> ErrorCode.INTERNAL_ERROR;
          };
    }
    throw new ApiException(code, message);
  }

  private static String language(String language) {
    String lang = required(language, "language").toLowerCase(java.util.Locale.ROOT);
    if (lang.equals("r")) {
      throw ApiException.invalid("R is not supported by Kiln; use python, scala or sql");
    }
    if (!LANGUAGES.contains(lang)) {
      throw ApiException.invalid(
          "language must be one of python, scala, sql; got '" + language + "'");
    }
    return lang;
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid("Missing required field: " + field);
    }
    return value;
  }

  /** An id as a path segment: whatever a client sends, it stays one segment. */
  private static String id(String value, String field) {
    return URLEncoder.encode(required(value, field), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> body(Object... pairs) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        body.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return body;
  }
}
