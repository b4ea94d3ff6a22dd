package dev.kiln.server.libraries;

import dev.kiln.model.libraries.InstallLibrariesRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;

/**
 * Libraries API 2.0 at {@code /api/2.0/libraries}: install and uninstall (asynchronous; they change
 * what the cluster should have), cluster-status and all-cluster-statuses.
 */
public final class LibrariesApi {
  private static final String BASE = "/api/2.0/libraries";

  private final LibrariesService libraries;
  private final Requests requests;

  public LibrariesApi(LibrariesService libraries, Requests requests) {
    this.libraries = libraries;
    this.requests = requests;
  }

  public void register(Router router) {
    new Routes(router, requests, BASE)
        .post(
            "/install",
            InstallLibrariesRequest.class,
            (ctx, req) -> {
              Principal.requireAuthenticated(ctx);
              libraries.install(
                  ApiException.required(req.clusterId(), "cluster_id"), req.libraries());
            })
        .post(
            "/uninstall",
            InstallLibrariesRequest.class,
            (ctx, req) -> {
              Principal.requireAuthenticated(ctx);
              libraries.uninstall(
                  ApiException.required(req.clusterId(), "cluster_id"), req.libraries());
            })
        .get(
            "/cluster-status",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return libraries.clusterStatus(
                  ApiException.required(ctx.queryParam("cluster_id"), "cluster_id"));
            })
        .get(
            "/all-cluster-statuses",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return libraries.allClusterStatuses();
            });
  }
}
