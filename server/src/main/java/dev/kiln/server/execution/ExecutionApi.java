package dev.kiln.server.execution;

import dev.kiln.model.Empty;
import dev.kiln.model.execution.CommandIdRequest;
import dev.kiln.model.execution.CreateContextRequest;
import dev.kiln.model.execution.DestroyContextRequest;
import dev.kiln.model.execution.ExecuteCommandRequest;
import dev.kiln.model.execution.IdResponse;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;

/** Command Execution API 1.2 under {@code /api/1.2}: contexts and commands on a cluster. */
public final class ExecutionApi {
  private static final String BASE = "/api/1.2";

  private final ExecutionService execution;
  private final Requests requests;

  public ExecutionApi(ExecutionService execution, Requests requests) {
    this.execution = execution;
    this.requests = requests;
  }

  public void register(Router router) {
    router
        .post(
            BASE + "/contexts/create",
            ctx -> {
              CreateContextRequest req = requests.body(ctx, CreateContextRequest.class);
              ctx.json(
                  new IdResponse(
                      execution.createContext(Principal.of(ctx), req.clusterId(), req.language())));
            })
        .get(
            BASE + "/contexts/status",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(
                  execution.contextStatus(
                      ctx.queryParam("clusterId"), ctx.queryParam("contextId")));
            })
        .post(
            BASE + "/contexts/destroy",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              DestroyContextRequest req = requests.body(ctx, DestroyContextRequest.class);
              execution.destroyContext(req.clusterId(), req.contextId());
              ctx.json(Empty.INSTANCE);
            })
        .post(
            BASE + "/commands/execute",
            ctx -> {
              ExecuteCommandRequest req = requests.body(ctx, ExecuteCommandRequest.class);
              ctx.json(
                  new IdResponse(
                      execution.execute(
                          Principal.of(ctx),
                          req.clusterId(),
                          req.contextId(),
                          req.language(),
                          req.command())));
            })
        .get(
            BASE + "/commands/status",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(
                  execution.commandStatus(
                      ctx.queryParam("clusterId"),
                      ctx.queryParam("contextId"),
                      ctx.queryParam("commandId")));
            })
        .post(
            BASE + "/commands/cancel",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              CommandIdRequest req = requests.body(ctx, CommandIdRequest.class);
              execution.cancel(req.clusterId(), req.contextId(), req.commandId());
              ctx.json(Empty.INSTANCE);
            });
  }
}
