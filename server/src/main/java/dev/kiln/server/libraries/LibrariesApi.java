package dev.kiln.server.libraries;

import dev.kiln.model.Empty;
import dev.kiln.model.libraries.InstallLibrariesRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;

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
    router
        .post(
            BASE + "/install",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              InstallLibrariesRequest req = requests.body(ctx, InstallLibrariesRequest.class);
              libraries.install(
                  ApiException.required(req.clusterId(), "cluster_id"), req.libraries());
              ctx.json(Empty.INSTANCE);
            })
        .post(
            BASE + "/uninstall",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              InstallLibrariesRequest req = requests.body(ctx, InstallLibrariesRequest.class);
              libraries.uninstall(
                  ApiException.required(req.clusterId(), "cluster_id"), req.libraries());
              ctx.json(Empty.INSTANCE);
            })
        .get(
            BASE + "/cluster-status",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(
                  libraries.clusterStatus(
                      ApiException.required(ctx.queryParam("cluster_id"), "cluster_id")));
            })
        .get(
            BASE + "/all-cluster-statuses",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(libraries.allClusterStatuses());
            });
  }
}
