package dev.kiln.server.permissions;

import dev.kiln.model.permissions.PermissionsRequest;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;

/**
 * Permissions API 2.0 at {@code /api/2.0/permissions/<type>/<id>} for every type registered with
 * the {@link PermissionService}: GET the ACL, PUT (replace) and PATCH (merge) it, GET its {@code
 * permissionLevels}. Every call needs the managing level on the object (admins hold it on all).
 */
public final class PermissionsApi {
  private static final String BASE = "/api/2.0/permissions/";

  private final PermissionService permissions;
  private final Requests requests;

  public PermissionsApi(PermissionService permissions, Requests requests) {
    this.permissions = permissions;
    this.requests = requests;
  }

  public void register(Router router) {
    for (ObjectType type : permissions.types()) {
      String path = BASE + type.urlType() + "/{" + type.idName() + "}";
      router
          .get(
              path,
              ctx ->
                  ctx.json(permissions.get(Principal.of(ctx), type, ctx.pathParam(type.idName()))))
          .put(
              path,
              ctx -> {
                Principal who = Principal.of(ctx);
                PermissionsRequest req = requests.body(ctx, PermissionsRequest.class);
                ctx.json(permissions.set(who, type, ctx.pathParam(type.idName()), req));
              })
          .patch(
              path,
              ctx -> {
                Principal who = Principal.of(ctx);
                PermissionsRequest req = requests.body(ctx, PermissionsRequest.class);
                ctx.json(permissions.update(who, type, ctx.pathParam(type.idName()), req));
              })
          .get(
              path + "/permissionLevels",
              ctx ->
                  ctx.json(
                      permissions.levels(Principal.of(ctx), type, ctx.pathParam(type.idName()))));
    }
  }
}
