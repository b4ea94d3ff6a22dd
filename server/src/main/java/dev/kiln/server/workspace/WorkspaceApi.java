package dev.kiln.server.workspace;

import dev.kiln.model.Empty;
import dev.kiln.model.workspace.DeleteRequest;
import dev.kiln.model.workspace.ExportFormat;
import dev.kiln.model.workspace.ExportQuery;
import dev.kiln.model.workspace.ExportResponse;
import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.model.workspace.ImportRequest;
import dev.kiln.model.workspace.ListResponse;
import dev.kiln.model.workspace.MkdirsRequest;
import dev.kiln.model.workspace.PathQuery;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Workspace API 2.0 ({@code /api/2.0/workspace/*}) and the two workspace-files calls of the
 * Databricks CLI. Any authenticated user may read and change the whole workspace for now; object
 * permissions arrive with the Permissions API.
 */
public final class WorkspaceApi {
  private static final String BASE = "/api/2.0/workspace";
  private static final String FILES = "/api/2.0/workspace-files";

  private final WorkspaceService workspace;
  private final Requests requests;

  public WorkspaceApi(WorkspaceService workspace, Requests requests) {
    this.workspace = workspace;
    this.requests = requests;
  }

  public void register(Router router) {
    new Routes(router, requests, BASE)
        .get(
            "/list",
            ctx -> {
              PathQuery q = requests.query(ctx, PathQuery.class);
              return new ListResponse(workspace.list(q.path(), q.notebooksModifiedAfter()));
            })
        .get("/get-status", ctx -> workspace.getStatus(requests.query(ctx, PathQuery.class).path()))
        .post("/mkdirs", MkdirsRequest.class, (ctx, req) -> workspace.mkdirs(req.path()))
        .post(
            "/delete",
            DeleteRequest.class,
            (ctx, req) -> workspace.delete(req.path(), Boolean.TRUE.equals(req.recursive())));
    router
        .post(
            BASE + "/import",
            ctx -> {
              ImportForm form =
                  ctx.isMultipartFormData()
                      ? ImportForm.fromMultipart(ctx)
                      : ImportForm.fromJson(requests.body(ctx, ImportRequest.class));
              workspace.importObject(
                  form.path(), form.format(), form.language(), form.content(), form.overwrite());
              ctx.json(Empty.INSTANCE);
            })
        .get(
            BASE + "/export",
            ctx -> {
              ExportQuery q = requests.query(ctx, ExportQuery.class);
              Exported exported = workspace.export(q.path(), q.format());
              if (Boolean.TRUE.equals(q.directDownload())) {
                download(ctx, exported);
              } else {
                ctx.json(
                    new ExportResponse(
                        Base64.getEncoder().encodeToString(exported.content()),
                        exported.fileType()));
              }
            })
        // The Databricks CLI writes files with a raw body and reads them back raw.
        .post(
            FILES + "/import-file/<path>",
            ctx -> {
              boolean overwrite = ImportForm.parseBoolean(ctx.queryParam("overwrite"), "overwrite");
              workspace.importObject(
                  "/" + ctx.pathParam("path"),
                  ImportFormat.AUTO,
                  null,
                  ctx.bodyAsBytes(),
                  overwrite);
              ctx.json(Empty.INSTANCE);
            })
        .get(
            FILES + "/<path>",
            ctx -> download(ctx, workspace.export("/" + ctx.pathParam("path"), ExportFormat.AUTO)));
  }

  private static void download(Context ctx, Exported exported) {
    String name =
        URLEncoder.encode(exported.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
    ctx.header("Content-Disposition", "attachment; filename*=UTF-8''" + name);
    ctx.contentType("application/octet-stream");
    ctx.result(exported.content());
  }
}
