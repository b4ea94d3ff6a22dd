package dev.kiln.server.jobs;

import dev.kiln.model.Empty;
import dev.kiln.model.jobs.SubmitRunResponse;
import dev.kiln.model.node.notebooks.NotebookRunRef;
import dev.kiln.model.node.notebooks.StartNotebookRun;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.auth.NodeCommandAuth;
import dev.kiln.server.jobs.runs.NotebookWorkflows;
import io.javalin.http.Context;

/**
 * The {@code dbutils.notebook.run} path of the runtime: a driver starts, polls and cancels child
 * notebook runs with its node's credentials and the credential of the command that asks, which
 * names the user and the context. The child runs on the node's own cluster, as that user, linked to
 * the credential's context (never one the node names).
 */
public final class NodeNotebookRunsApi {
  private static final String BASE = ApiServer.NODE_API + "notebooks";

  private final NodeCommandAuth callers;
  private final NotebookWorkflows workflows;
  private final Requests requests;

  public NodeNotebookRunsApi(NodeCommandAuth callers, Jobs jobs, Requests requests) {
    this.callers = callers;
    this.workflows = jobs.workflows();
    this.requests = requests;
  }

  public void register(Router router) {
    router
        .post(BASE + "/run", this::run)
        .get(BASE + "/get", this::get)
        .post(BASE + "/cancel", this::cancel);
  }

  private void run(Context ctx) {
    NodeCommandAuth.Caller caller = callers.authenticate(ctx);
    StartNotebookRun req = requests.body(ctx, StartNotebookRun.class);
    long runId =
        workflows.start(
            caller.user().userName(),
            caller.node().clusterId(),
            caller.claims().contextId(),
            req.path(),
            req.callerPath(),
            req.timeoutSeconds(),
            req.arguments());
    ctx.json(new SubmitRunResponse(runId));
  }

  private void get(Context ctx) {
    NodeCommandAuth.Caller caller = callers.authenticate(ctx);
    ctx.json(
        workflows.state(
            caller.user().userName(), caller.node().clusterId(), runId(ctx.queryParam("run_id"))));
  }

  private void cancel(Context ctx) {
    NodeCommandAuth.Caller caller = callers.authenticate(ctx);
    NotebookRunRef req = requests.body(ctx, NotebookRunRef.class);
    workflows.cancel(
        caller.user().userName(),
        caller.node().clusterId(),
        ApiException.required(req.runId(), "run_id"));
    ctx.json(new Empty());
  }

  private static long runId(String text) {
    if (text == null || text.isBlank()) {
      throw ApiException.invalid("Missing required field: run_id");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("run_id must be a number, got '" + text + "'");
    }
  }
}
