package dev.kiln.server.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Empty;
import dev.kiln.model.jobs.CancelAllRunsRequest;
import dev.kiln.model.jobs.CreateJobResponse;
import dev.kiln.model.jobs.JobIdRequest;
import dev.kiln.model.jobs.RepairRunRequest;
import dev.kiln.model.jobs.RepairRunResponse;
import dev.kiln.model.jobs.ResetJobRequest;
import dev.kiln.model.jobs.RunIdRequest;
import dev.kiln.model.jobs.RunNowRequest;
import dev.kiln.model.jobs.SubmitRunResponse;
import dev.kiln.model.jobs.UpdateJobRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.jobs.runs.NotebookWorkflows;
import dev.kiln.server.jobs.runs.RunControl;
import dev.kiln.server.jobs.runs.RunQueries;
import dev.kiln.server.jobs.runs.RunTriggers;
import dev.kiln.server.jobs.settings.ApiVersion;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Jobs API under {@code /api/2.0/jobs}, {@code /api/2.1/jobs} and {@code /api/2.2/jobs}. A missing
 * job or run is 404 RESOURCE_DOES_NOT_EXIST on 2.1 and 2.2, and the legacy 400
 * INVALID_PARAMETER_VALUE on 2.0.
 */
public final class JobsApi {
  private final JobService jobs;
  private final RunTriggers triggers;
  private final RunQueries queries;
  private final RunControl control;
  private final NotebookWorkflows workflows;
  private final Requests requests;

  public JobsApi(Jobs jobs, Requests requests) {
    this.jobs = jobs.jobs();
    this.triggers = jobs.triggers();
    this.queries = jobs.queries();
    this.control = jobs.control();
    this.workflows = jobs.workflows();
    this.requests = requests;
  }

  public void register(Router router) {
    router.get("/api/2.0/kiln/jobs/runs/notebook-links", this::notebookLinks);
    for (ApiVersion v : ApiVersion.values()) {
      String b = v.base();
      router
          .post(b + "/create", on(v, ctx -> create(ctx, v)))
          .post(b + "/reset", on(v, this::reset))
          .post(b + "/update", on(v, this::update))
          .post(b + "/delete", on(v, this::delete))
          .get(b + "/get", on(v, ctx -> get(ctx, v)))
          .get(b + "/list", on(v, ctx -> list(ctx, v)))
          .post(b + "/run-now", on(v, this::runNow))
          .post(b + "/runs/submit", on(v, this::submit))
          .get(b + "/runs/list", on(v, this::listRuns))
          .get(b + "/runs/get", on(v, ctx -> getRun(ctx, v)))
          .get(b + "/runs/get-output", on(v, this::output))
          .post(b + "/runs/cancel", on(v, ctx -> done(ctx, () -> control.cancel(runId(ctx)))))
          .post(b + "/runs/cancel-all", on(v, this::cancelAll))
          .post(b + "/runs/repair", on(v, this::repair))
          .post(b + "/runs/delete", on(v, ctx -> done(ctx, () -> control.delete(runId(ctx)))))
          .get(b + "/runs/export", on(v, this::export));
    }
  }

  private void create(Context ctx, ApiVersion v) {
    Principal who = Principal.of(ctx);
    ObjectNode body = requests.bodyTree(ctx);
    ctx.json(new CreateJobResponse(jobs.create(who, body, v)));
  }

  private void reset(Context ctx) {
    Principal.requireAuthenticated(ctx);
    ResetJobRequest req = requests.body(ctx, ResetJobRequest.class);
    jobs.reset(ApiException.required(req.jobId(), "job_id"), req.newSettings(), null);
    ctx.json(Empty.INSTANCE);
  }

  private void update(Context ctx) {
    Principal.requireAuthenticated(ctx);
    UpdateJobRequest req = requests.body(ctx, UpdateJobRequest.class);
    jobs.update(
        ApiException.required(req.jobId(), "job_id"), req.newSettings(), req.fieldsToRemove());
    ctx.json(Empty.INSTANCE);
  }

  private void delete(Context ctx) {
    Principal.requireAuthenticated(ctx);
    JobIdRequest req = requests.body(ctx, JobIdRequest.class);
    jobs.delete(ApiException.required(req.jobId(), "job_id"));
    ctx.json(Empty.INSTANCE);
  }

  private void get(Context ctx, ApiVersion v) {
    Principal.requireAuthenticated(ctx);
    ctx.json(jobs.get(longParam(ctx, "job_id", true), ctx.queryParam("page_token"), v));
  }

  private void list(Context ctx, ApiVersion v) {
    Principal.requireAuthenticated(ctx);
    ctx.json(
        jobs.list(
            longParam(ctx, "offset", false),
            longParam(ctx, "limit", false),
            ctx.queryParam("page_token"),
            boolParam(ctx, "expand_tasks"),
            ctx.queryParam("name"),
            v));
  }

  private void runNow(Context ctx) {
    Principal who = Principal.of(ctx);
    ctx.json(triggers.runNow(who, requests.body(ctx, RunNowRequest.class)));
  }

  private void submit(Context ctx) {
    Principal who = Principal.of(ctx);
    ctx.json(new SubmitRunResponse(triggers.submit(who, requests.bodyTree(ctx))));
  }

  private void listRuns(Context ctx) {
    Principal.requireAuthenticated(ctx);
    ctx.json(
        queries.list(
            new RunQueries.ListQuery(
                longParam(ctx, "job_id", false),
                boolParam(ctx, "active_only"),
                boolParam(ctx, "completed_only"),
                longParam(ctx, "offset", false),
                longParam(ctx, "limit", false),
                ctx.queryParam("page_token"),
                ctx.queryParam("run_type"),
                boolParam(ctx, "expand_tasks"),
                longParam(ctx, "start_time_from", false),
                longParam(ctx, "start_time_to", false))));
  }

  private void getRun(Context ctx, ApiVersion v) {
    Principal.requireAuthenticated(ctx);
    ctx.json(
        queries.get(
            longParam(ctx, "run_id", true),
            boolParam(ctx, "include_history"),
            ctx.queryParam("page_token"),
            v));
  }

  /** Kiln's links between dbutils.notebook.run children and the task runs that started them. */
  private void notebookLinks(Context ctx) {
    Principal.requireAuthenticated(ctx);
    long runId = longParam(ctx, "run_id", true);
    queries.get(runId, false, null, ApiVersion.V2_2);
    ctx.json(workflows.links(runId));
  }

  private void output(Context ctx) {
    Principal.requireAuthenticated(ctx);
    ctx.json(queries.output(longParam(ctx, "run_id", true)));
  }

  private void export(Context ctx) {
    Principal.requireAuthenticated(ctx);
    ctx.json(queries.export(longParam(ctx, "run_id", true), ctx.queryParam("views_to_export")));
  }

  private void cancelAll(Context ctx) {
    Principal.requireAuthenticated(ctx);
    CancelAllRunsRequest req = requests.body(ctx, CancelAllRunsRequest.class);
    control.cancelAll(req.jobId(), Boolean.TRUE.equals(req.allQueuedRuns()));
    ctx.json(Empty.INSTANCE);
  }

  private void repair(Context ctx) {
    Principal.requireAuthenticated(ctx);
    ctx.json(new RepairRunResponse(control.repair(requests.body(ctx, RepairRunRequest.class))));
  }

  private long runId(Context ctx) {
    Principal.requireAuthenticated(ctx);
    return ApiException.required(requests.body(ctx, RunIdRequest.class).runId(), "run_id");
  }

  /** The 2.0 API answers a missing job or run with the legacy 400 INVALID_PARAMETER_VALUE. */
  private static Handler on(ApiVersion v, Handler handler) {
    if (v != ApiVersion.V2_0) {
      return handler;
    }
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (ApiException e) {
        if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
          throw new ApiException(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage(), e);
        }
        throw e;
      }
    };
  }

  private static Long longParam(Context ctx, String name, boolean required) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      if (required) {
        throw ApiException.invalid("Missing required field: " + name);
      }
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(
          "Invalid value for " + name + ": '" + value + "' is not a 64-bit integer");
    }
  }

  private static boolean boolParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw ApiException.invalid("Invalid value for " + name + ": '" + value + "' is not a boolean");
  }

  private static void done(Context ctx, Runnable action) {
    action.run();
    ctx.json(Empty.INSTANCE);
  }
}
