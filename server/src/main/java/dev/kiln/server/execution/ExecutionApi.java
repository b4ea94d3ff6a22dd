package dev.kiln.server.execution;

import dev.kiln.model.execution.CommandIdRequest;
import dev.kiln.model.execution.CreateContextRequest;
import dev.kiln.model.execution.DestroyContextRequest;
import dev.kiln.model.execution.ExecuteCommandRequest;
import dev.kiln.model.execution.IdResponse;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;

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
    new Routes(router, requests, BASE)
        .post(
            "/contexts/create",
            ctx -> {
              CreateContextRequest req = requests.body(ctx, CreateContextRequest.class);
              return new IdResponse(
                  execution.createContext(Principal.of(ctx), req.clusterId(), req.language()));
            })
        .get(
            "/contexts/status",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return execution.contextStatus(
                  ctx.queryParam("clusterId"), ctx.queryParam("contextId"));
            })
        .post(
            "/contexts/destroy",
            DestroyContextRequest.class,
            (ctx, req) -> {
              Principal.requireAuthenticated(ctx);
              execution.destroyContext(req.clusterId(), req.contextId());
            })
        .post(
            "/commands/execute",
            ctx -> {
              ExecuteCommandRequest req = requests.body(ctx, ExecuteCommandRequest.class);
              return new IdResponse(
                  execution.execute(
                      Principal.of(ctx),
                      req.clusterId(),
                      req.contextId(),
                      req.language(),
                      req.command()));
            })
        .get(
            "/commands/status",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return execution.commandStatus(
                  ctx.queryParam("clusterId"),
                  ctx.queryParam("contextId"),
                  ctx.queryParam("commandId"));
            })
        .post(
            "/commands/cancel",
            CommandIdRequest.class,
            (ctx, req) -> {
              Principal.requireAuthenticated(ctx);
              execution.cancel(req.clusterId(), req.contextId(), req.commandId());
            });
  }
}
