package dev.kiln.server.dbfs;

import dev.kiln.model.Empty;
import dev.kiln.model.dbfs.AddBlockRequest;
import dev.kiln.model.dbfs.CloseRequest;
import dev.kiln.model.dbfs.CreateRequest;
import dev.kiln.model.dbfs.DeleteRequest;
import dev.kiln.model.dbfs.MoveRequest;
import dev.kiln.model.dbfs.PathRequest;
import dev.kiln.model.dbfs.PutRequest;
import dev.kiln.model.dbfs.ReadRequest;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;

/** DBFS API 2.0 routes: parse, call the service, answer. */
public final class DbfsApi {
  private static final String BASE = "/api/2.0/dbfs/";

  private final DbfsService dbfs;
  private final Requests requests;
  private final long maxBodyBytes;

  /**
   * @param maxBodyBytes the largest JSON body read into memory, as for every route
   */
  public DbfsApi(DbfsService dbfs, Requests requests, long maxBodyBytes) {
    this.dbfs = dbfs;
    this.requests = requests;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void register(Router router) {
    router
        .post(BASE + "put", this::put)
        .get(
            BASE + "read",
            // The JSON that ctx.json would write, built directly: a block is 1.4 MB of text.
            ctx ->
                ctx.contentType(ContentType.APPLICATION_JSON)
                    .result(dbfs.readAsJson(requests.query(ctx, ReadRequest.class))));
    new Routes(router, requests, BASE)
        .post("create", ctx -> dbfs.uploads().create(requests.body(ctx, CreateRequest.class)))
        .post(
            "add-block",
            ctx -> {
              Base64Body.read(
                  ctx,
                  requests,
                  maxBodyBytes,
                  AddBlockRequest.class,
                  "data",
                  AddBlockRequest::data,
                  dbfs.uploads()::addBlock);
              return Empty.INSTANCE;
            })
        .post("close", CloseRequest.class, (ctx, req) -> dbfs.uploads().close(req))
        .get("get-status", ctx -> dbfs.getStatus(requests.query(ctx, PathRequest.class)))
        .get("list", ctx -> dbfs.list(requests.query(ctx, PathRequest.class)))
        .post("mkdirs", PathRequest.class, (ctx, req) -> dbfs.mkdirs(req))
        .post("move", MoveRequest.class, (ctx, req) -> dbfs.move(req))
        .post("delete", DeleteRequest.class, (ctx, req) -> dbfs.delete(req));
  }

  /** Multipart bodies stream to disk whatever their size; anything else is JSON. */
  private void put(Context ctx) throws IOException {
    if (MultipartPut.accepts(ctx.req())) {
      MultipartPut.run(ctx.req(), dbfs.uploads());
    } else {
      Base64Body.read(
          ctx,
          requests,
          maxBodyBytes,
          PutRequest.class,
          "contents",
          PutRequest::contents,
          dbfs.uploads()::put);
    }
    ctx.json(Empty.INSTANCE);
  }
}
