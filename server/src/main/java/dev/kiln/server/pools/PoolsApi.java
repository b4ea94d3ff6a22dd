package dev.kiln.server.pools;

import dev.kiln.model.pools.CreateInstancePoolResponse;
import dev.kiln.model.pools.InstancePoolIdRequest;
import dev.kiln.model.pools.InstancePoolSpec;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import dev.kiln.server.api.Routes;

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
    new Routes(router, requests, BASE)
        .post(
            "/create",
            ctx -> {
              Principal who = Principal.admin(ctx);
              InstancePoolSpec spec = requests.body(ctx, InstancePoolSpec.class);
              return new CreateInstancePoolResponse(pools.create(spec, who));
            })
        .post("/edit", InstancePoolSpec.class, (ctx, spec) -> pools.edit(spec, Principal.of(ctx)))
        .post(
            "/delete",
            InstancePoolIdRequest.class,
            (ctx, req) ->
                pools.delete(
                    ApiException.required(req.instancePoolId(), "instance_pool_id"),
                    Principal.of(ctx)))
        .get(
            "/get",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return pools.get(ctx.queryParam("instance_pool_id"));
            })
        .get(
            "/list",
            ctx -> {
              Principal.requireAuthenticated(ctx);
              return pools.list();
            });
  }
}
