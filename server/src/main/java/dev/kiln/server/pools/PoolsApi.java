package dev.kiln.server.pools;

import dev.kiln.model.Empty;
import dev.kiln.model.pools.CreateInstancePoolResponse;
import dev.kiln.model.pools.InstancePoolIdRequest;
import dev.kiln.model.pools.InstancePoolSpec;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;

/**
 * Instance Pools API 2.0 at {@code /api/2.0/instance-pools}. Any user reads pools; creating them is
 * for admins (Databricks' default without the pool-create entitlement); editing and deleting one
 * needs CAN_MANAGE on it, which its creator and admins hold.
 */
public final class PoolsApi {
  private static final String BASE = "/api/2.0/instance-pools";

  private final PoolService pools;
  private final Requests requests;

  public PoolsApi(PoolService pools, Requests requests) {
    this.pools = pools;
    this.requests = requests;
  }

  public void register(Router router) {
    router
        .post(
            BASE + "/create",
            ctx -> {
              Principal who = Principal.admin(ctx);
              InstancePoolSpec spec = requests.body(ctx, InstancePoolSpec.class);
              ctx.json(new CreateInstancePoolResponse(pools.create(spec, who)));
            })
        .post(
            BASE + "/edit",
            ctx -> {
              Principal who = Principal.of(ctx);
              pools.edit(requests.body(ctx, InstancePoolSpec.class), who);
              ctx.json(Empty.INSTANCE);
            })
        .post(
            BASE + "/delete",
            ctx -> {
              Principal who = Principal.of(ctx);
              InstancePoolIdRequest req = requests.body(ctx, InstancePoolIdRequest.class);
              pools.delete(ApiException.required(req.instancePoolId(), "instance_pool_id"), who);
              ctx.json(Empty.INSTANCE);
            })
        .get(
            BASE + "/get",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(pools.get(ctx.queryParam("instance_pool_id")));
            })
        .get(
            BASE + "/list",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              ctx.json(pools.list());
            });
  }
}
