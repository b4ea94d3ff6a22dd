package dev.kiln.server.clusters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Empty;
import dev.kiln.model.clusters.ChangeOwnerRequest;
import dev.kiln.model.clusters.ClusterIdRequest;
import dev.kiln.model.clusters.ClusterSource;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.CreateClusterResponse;
import dev.kiln.model.clusters.GetEventsRequest;
import dev.kiln.model.clusters.GetSparkVersionsResponse;
import dev.kiln.model.clusters.ListNodeTypesResponse;
import dev.kiln.model.clusters.ListZonesResponse;
import dev.kiln.model.clusters.ResizeClusterRequest;
import dev.kiln.model.clusters.RestartClusterRequest;
import dev.kiln.model.clusters.UpdateClusterRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import io.javalin.http.Context;
import java.util.List;

/**
 * Clusters API at {@code /api/2.0/clusters} (the legacy CLI) and {@code /api/2.1/clusters} (the
 * SDKs), which take the same bodies; plus Kiln's node logs under 2.1.
 */
public final class ClustersApi {
  private static final List<String> BASES = List.of("/api/2.0/clusters", "/api/2.1/clusters");

  private final ClusterService clusters;
  private final ClusterLogs logs;
  private final RuntimeCatalog runtimes;
  private final NodeTypeCatalog nodeTypes;
  private final Requests requests;

  public ClustersApi(
      ClusterService clusters,
      ClusterLogs logs,
      RuntimeCatalog runtimes,
      NodeTypeCatalog nodeTypes,
      Requests requests) {
    this.clusters = clusters;
    this.logs = logs;
    this.runtimes = runtimes;
    this.nodeTypes = nodeTypes;
    this.requests = requests;
  }

  public void register(Router router) {
    for (String base : BASES) {
      new Routes(router, requests, base)
          .post("/create", this::create)
          .post("/edit", this::edit)
          .post(
              "/update",
              UpdateClusterRequest.class,
              (ctx, req) ->
                  clusters.update(id(req.clusterId()), req.updateMask(), req.cluster(), who(ctx)))
          .post(
              "/start",
              ClusterIdRequest.class,
              (ctx, req) -> clusters.start(id(req.clusterId()), who(ctx)))
          .post(
              "/restart",
              RestartClusterRequest.class,
              (ctx, req) -> clusters.restart(id(req.clusterId()), who(ctx)))
          .post(
              "/resize",
              ResizeClusterRequest.class,
              (ctx, req) ->
                  clusters.resize(id(req.clusterId()), req.numWorkers(), req.autoscale(), who(ctx)))
          .post(
              "/delete",
              ClusterIdRequest.class,
              (ctx, req) -> clusters.terminate(id(req.clusterId()), who(ctx)))
          .post(
              "/permanent-delete",
              ClusterIdRequest.class,
              (ctx, req) -> clusters.permanentDelete(id(req.clusterId()), who(ctx)))
          .post(
              "/pin",
              ClusterIdRequest.class,
              (ctx, req) -> clusters.pin(id(req.clusterId()), true, who(ctx)))
          .post(
              "/unpin",
              ClusterIdRequest.class,
              (ctx, req) -> clusters.pin(id(req.clusterId()), false, who(ctx)))
          .post(
              "/change-owner",
              ChangeOwnerRequest.class,
              (ctx, req) ->
                  clusters.changeOwner(id(req.clusterId()), req.ownerUsername(), who(ctx)))
          .get(
              "/get",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                return clusters.get(ctx.queryParam("cluster_id"));
              })
          .get(
              "/list",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ClusterListQuery query = ClusterListQuery.parse(ctx.queryParamMap());
                // The legacy 2.0 list has no paging: its clients read one answer.
                return clusters.list(base.startsWith("/api/2.0") ? query.unpaged() : query);
              })
          .post(
              "/events",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                return clusters.events(requests.body(ctx, GetEventsRequest.class));
              })
          .get(
              "/list-node-types",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                return new ListNodeTypesResponse(nodeTypes.all());
              })
          .get(
              "/spark-versions",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                return new GetSparkVersionsResponse(runtimes.versions());
              })
          .get(
              "/list-zones",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                return new ListZonesResponse(List.of("local"), "local");
              });
    }
    new Routes(router, requests, "/api/2.1/clusters/logs")
        .get(
            "/list",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return logs.list(ctx.queryParam("cluster_id"));
            })
        .get(
            "",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              String tail = ctx.queryParam("tail_bytes");
              Long tailBytes;
              try {
                tailBytes = tail == null ? null : Long.valueOf(tail);
              } catch (NumberFormatException e) {
                throw ApiException.invalid("tail_bytes must be a number, got '" + tail + "'");
              }
              return logs.read(
                  ctx.queryParam("cluster_id"),
                  ctx.queryParam("instance_id"),
                  ctx.queryParam("path"),
                  tailBytes);
            });
  }

  private CreateClusterResponse create(Context ctx) {
    Principal who = who(ctx);
    ClusterSpec spec = requests.body(ctx, ClusterSpec.class);
    ClusterSource source = ClusterSource.API;
    if (spec.clusterSource() == ClusterSource.UI) {
      source = ClusterSource.UI; // the web UI says so; anything else is an API client
    }
    return new CreateClusterResponse(clusters.create(spec, who, source));
  }

  private Empty edit(Context ctx) {
    Principal who = who(ctx);
    ObjectNode body = requests.bodyTree(ctx);
    String clusterId = body.path("cluster_id").isTextual() ? body.get("cluster_id").asText() : null;
    ApiException.required(clusterId, "cluster_id");
    ClusterSpec spec =
        requests.body(
            body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), ClusterSpec.class);
    clusters.edit(clusterId, spec, who);
    return Empty.INSTANCE;
  }

  private static String id(String clusterId) {
    return ApiException.required(clusterId, "cluster_id");
  }

  private static Principal who(Context ctx) {
    return Principal.of(ctx);
  }
}
