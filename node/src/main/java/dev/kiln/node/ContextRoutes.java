package dev.kiln.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.driver.exec.Command;
import dev.kiln.driver.exec.ContextInfo;
import dev.kiln.driver.exec.ExecError;
import dev.kiln.driver.exec.ExecutionService;
import dev.kiln.model.ApiError;
import dev.kiln.model.Json;
import dev.kiln.model.node.exec.CommandCreated;
import dev.kiln.model.node.exec.CommandState;
import dev.kiln.model.node.exec.ContextCreated;
import dev.kiln.model.node.exec.ContextState;
import dev.kiln.model.node.exec.CreateContext;
import dev.kiln.model.node.exec.ExecuteCommand;
import dev.kiln.model.node.exec.TaskValuesState;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's execution routes, thin over {@link ExecutionService}:
 *
 * <pre>
 * POST   /contexts                          {language, user, widgets?, task_values?}
 *                                                           -> {context_id}
 * GET    /contexts/{id}                                        -> {context_id, language, status, error?}
 * DELETE /contexts/{id}                                        -> {}
 * GET    /contexts/{id}/task-values                            -> {values}
 * POST   /contexts/{id}/commands  {command, user, credential}   -> {command_id}
 * GET    /contexts/{id}/commands/{cid}                -> {id, status, results?, notebook_exit?}
 * POST   /contexts/{id}/commands/{cid}/cancel                  -> {}
 * </pre>
 *
 * Only on a READY driver (else 409 INVALID_STATE).
 */
final class ContextRoutes {
  private static final Logger log = LoggerFactory.getLogger(ContextRoutes.class);
  private static final ObjectMapper JSON = Json.mapper();
  static final ContextRoutes NONE = new ContextRoutes(Optional::empty);

  /** A status code and a body to write as JSON. */
  record Answer(int status, Object body) {}

  private final Supplier<Optional<ExecutionService>> service;

  ContextRoutes(Supplier<Optional<ExecutionService>> service) {
    this.service = service;
  }

  Answer handle(String method, String path, byte[] body) {
    String[] parts = path.replaceAll("/+$", "").split("/");
    // parts[0] is "", parts[1] is "contexts"
    try {
      Optional<ExecutionService> maybe = service.get();
      if (maybe.isEmpty()) {
        return error(ExecError.Kind.STATE, "Execution contexts need a ready driver node");
      }
      ExecutionService exec = maybe.get();
      int n = parts.length;
      if (n == 2 && method.equals("POST")) {
        CreateContext req = read(body, CreateContext.class);
        if (req.language() == null || req.language().isBlank()) {
          return error(ExecError.Kind.INVALID, "language is required");
        }
        return ok(
            new ContextCreated(
                exec.createContext(
                    req.language(),
                    req.user(),
                    req.widgets(),
                    req.taskValues(),
                    req.notebookPath())));
      }
      if (n == 3 && method.equals("GET")) {
        ContextInfo c = exec.context(parts[2]);
        return ok(new ContextState(c.id(), c.language(), c.status().name(), c.error()));
      }
      if (n == 3 && method.equals("DELETE")) {
        exec.destroyContext(parts[2]);
        return ok(Map.of());
      }
      if (n == 4 && parts[3].equals("task-values") && method.equals("GET")) {
        return ok(new TaskValuesState(exec.taskValues(parts[2])));
      }
      if (n == 4 && parts[3].equals("commands") && method.equals("POST")) {
        ExecuteCommand req = read(body, ExecuteCommand.class);
        if (req.command() == null) {
          return error(ExecError.Kind.INVALID, "command is required");
        }
        return ok(
            new CommandCreated(
                exec.execute(
                    parts[2], req.command(), req.user(), req.language(), req.credential())));
      }
      if (n == 5 && parts[3].equals("commands") && method.equals("GET")) {
        Command c = exec.command(parts[2], parts[4]);
        return ok(new CommandState(c.id(), c.status().name(), c.results(), c.notebookExit()));
      }
      if (n == 6
          && parts[3].equals("commands")
          && parts[5].equals("cancel")
          && method.equals("POST")) {
        exec.cancel(parts[2], parts[4]);
        return ok(Map.of());
      }
      return new Answer(
          404, new ApiError("ENDPOINT_NOT_FOUND", "No route for " + method + " " + path));
    } catch (ExecError e) {
      return error(e.kind(), e.getMessage());
    } catch (IOException e) {
      return error(ExecError.Kind.INVALID, "Malformed request: " + e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Execution route {} {} failed", method, path, e);
      return new Answer(500, new ApiError("INTERNAL_ERROR", e.toString()));
    }
  }

  private static <T> T read(byte[] body, Class<T> type) throws IOException {
    return JSON.readValue(
        body.length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : body, type);
  }

  private static Answer ok(Object body) {
    return new Answer(200, body);
  }

  private static Answer error(ExecError.Kind kind, String message) {
    return new Answer(kind.httpStatus, new ApiError(kind.errorCode, message));
  }
}
