package dev.kiln.server.jobs;

import dev.kiln.model.Empty;
import dev.kiln.model.jobs.SubmitRunResponse;
import dev.kiln.model.node.notebooks.NotebookRunRef;
import dev.kiln.model.node.notebooks.StartNotebookRun;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.auth.User;
import dev.kiln.server.auth.UserService;
import dev.kiln.server.compute.NodeAuth;
import dev.kiln.server.compute.NodeRow;
import io.javalin.http.Context;

/**
 * The {@code dbutils.notebook.run} path of the runtime: a driver starts, polls and cancels child
 * notebook runs with its node's credentials, for the user of the command that asks. The child runs
 * on the node's own cluster, as that user.
 */
public final class NodeNotebookRunsApi {
  private static final String BASE = ApiServer.NODE_API + "notebooks";

  private final NodeAuth nodes;
  private final UserService users;
  private final NotebookWorkflows workflows;
  private final Requests requests;

  public NodeNotebookRunsApi(NodeAuth nodes, UserService users, Jobs jobs, Requests requests) {
    this.nodes = nodes;
    this.users = users;
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
    NodeRow node = nodes.authenticate(ctx);
    StartNotebookRun req = requests.body(ctx, StartNotebookRun.class);
    String user = activeUser(req.user());
    if (node.clusterId() == null) {
      throw new ApiException(ErrorCode.INVALID_STATE, "This node belongs to no cluster");
    }
    long runId =
        workflows.start(
            user,
            node.clusterId(),
            req.contextId(),
            req.path(),
            req.callerPath(),
            req.timeoutSeconds(),
            req.arguments());
    ctx.json(new SubmitRunResponse(runId));
  }

  private void get(Context ctx) {
    NodeRow node = nodes.authenticate(ctx);
    String user = activeUser(ctx.queryParam("user"));
    ctx.json(workflows.state(user, node.clusterId(), runId(ctx.queryParam("run_id"))));
  }

  private void cancel(Context ctx) {
    NodeRow node = nodes.authenticate(ctx);
    NotebookRunRef req = requests.body(ctx, NotebookRunRef.class);
    String user = activeUser(req.user());
    workflows.cancel(user, node.clusterId(), ApiException.required(req.runId(), "run_id"));
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

  /** The user the command runs for, who must still exist and be active. */
  private String activeUser(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid("Missing required field: user");
    }
    return users
        .byName(name)
        .filter(User::active)
        .map(User::userName)
        .orElseThrow(() -> ApiException.denied("User " + name + " cannot run notebooks"));
  }
}
