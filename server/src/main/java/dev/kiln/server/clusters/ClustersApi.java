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
      router
          .post(base + "/create", this::create)
          .post(base + "/edit", this::edit)
          .post(base + "/update", this::update)
          .post(base + "/start", ctx -> done(ctx, () -> clusters.start(id(ctx), who(ctx))))
          .post(base + "/restart", this::restart)
          .post(base + "/resize", this::resize)
          .post(base + "/delete", ctx -> done(ctx, () -> clusters.terminate(id(ctx), who(ctx))))
          .post(
              base + "/permanent-delete",
              ctx -> done(ctx, () -> clusters.permanentDelete(id(ctx), who(ctx))))
          .post(base + "/pin", ctx -> done(ctx, () -> clusters.pin(id(ctx), true, who(ctx))))
          .post(base + "/unpin", ctx -> done(ctx, () -> clusters.pin(id(ctx), false, who(ctx))))
          .post(base + "/change-owner", this::changeOwner)
          .get(
              base + "/get",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ctx.json(clusters.get(ctx.queryParam("cluster_id")));
              })
          .get(
              base + "/list",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ClusterListQuery query = ClusterListQuery.parse(ctx.queryParamMap());
                // The legacy 2.0 list has no paging: its clients read one answer.
                ctx.json(clusters.list(base.startsWith("/api/2.0") ? query.unpaged() : query));
              })
          .post(
              base + "/events",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ctx.json(clusters.events(requests.body(ctx, GetEventsRequest.class)));
              })
          .get(
              base + "/list-node-types",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ctx.json(new ListNodeTypesResponse(nodeTypes.all()));
              })
          .get(
              base + "/spark-versions",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ctx.json(new GetSparkVersionsResponse(runtimes.versions()));
              })
          .get(
              base + "/list-zones",
              ctx -> {
                Principal.requireAuthenticated(ctx);
                ctx.json(new ListZonesResponse(List.of("local"), "local"));
              });
    }
    router
        .get(
            "/api/2.1/clusters/logs/list",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(logs.list(ctx.queryParam("cluster_id")));
            })
        .get(
            "/api/2.1/clusters/logs",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              String tail = ctx.queryParam("tail_bytes");
              Long tailBytes;
              try {
                tailBytes = tail == null ? null : Long.valueOf(tail);
              } catch (NumberFormatException e) {
                throw ApiException.invalid("tail_bytes must be a number, got '" + tail + "'");
              }
              ctx.json(
                  logs.read(
                      ctx.queryParam("cluster_id"),
                      ctx.queryParam("instance_id"),
                      ctx.queryParam("path"),
                      tailBytes));
            });
  }

  private void create(Context ctx) {
    Principal who = who(ctx);
    ClusterSpec spec = requests.body(ctx, ClusterSpec.class);
    ClusterSource source = ClusterSource.API;
    if (spec.clusterSource() == ClusterSource.UI) {
      source = ClusterSource.UI; // the web UI says so; anything else is an API client
    }
    ctx.json(new CreateClusterResponse(clusters.create(spec, who, source)));
  }

  private void edit(Context ctx) {
    Principal who = who(ctx);
    ObjectNode body = requests.bodyTree(ctx);
    String clusterId = body.path("cluster_id").isTextual() ? body.get("cluster_id").asText() : null;
    ApiException.required(clusterId, "cluster_id");
    ClusterSpec spec =
        requests.body(
            body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), ClusterSpec.class);
    clusters.edit(clusterId, spec, who);
    ctx.json(Empty.INSTANCE);
  }

  private void update(Context ctx) {
    Principal who = who(ctx);
    UpdateClusterRequest req = requests.body(ctx, UpdateClusterRequest.class);
    clusters.update(
        ApiException.required(req.clusterId(), "cluster_id"), req.updateMask(), req.cluster(), who);
    ctx.json(Empty.INSTANCE);
  }

  private void restart(Context ctx) {
    Principal who = who(ctx);
    RestartClusterRequest req = requests.body(ctx, RestartClusterRequest.class);
    clusters.restart(ApiException.required(req.clusterId(), "cluster_id"), who);
    ctx.json(Empty.INSTANCE);
  }

  private void resize(Context ctx) {
    Principal who = who(ctx);
    ResizeClusterRequest req = requests.body(ctx, ResizeClusterRequest.class);
    clusters.resize(
        ApiException.required(req.clusterId(), "cluster_id"),
        req.numWorkers(),
        req.autoscale(),
        who);
    ctx.json(Empty.INSTANCE);
  }

  private void changeOwner(Context ctx) {
    Principal who = who(ctx);
    ChangeOwnerRequest req = requests.body(ctx, ChangeOwnerRequest.class);
    clusters.changeOwner(
        ApiException.required(req.clusterId(), "cluster_id"), req.ownerUsername(), who);
    ctx.json(Empty.INSTANCE);
  }

  private String id(Context ctx) {
    return ApiException.required(
        requests.body(ctx, ClusterIdRequest.class).clusterId(), "cluster_id");
  }

  private static Principal who(Context ctx) {
    return Principal.of(ctx);
  }

  private static void done(Context ctx, Runnable action) {
    action.run();
    ctx.json(Empty.INSTANCE);
  }
}
