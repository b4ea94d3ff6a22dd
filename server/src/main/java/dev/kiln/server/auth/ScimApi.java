package dev.kiln.server.auth;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.model.Empty;
import dev.kiln.model.scim.ScimList;
import dev.kiln.model.scim.ScimUser;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Requests;
import dev.kiln.server.api.Router;
import java.util.List;
import java.util.function.Supplier;

/** SCIM 2.0: {@code Me}, which clients use as "who am I", and the users an admin manages. */
public final class ScimApi {
  private static final String BASE = "/api/2.0/preview/scim/v2";

  private final UserService users;
  private final Requests requests;
  private final Supplier<String> workspaceId;

  public ScimApi(UserService users, Requests requests, Supplier<String> workspaceId) {
    this.users = users;
    this.requests = requests;
    this.workspaceId = workspaceId;
  }

  public void register(Router router) {
    router
        .get(
            BASE + "/Me",
            ctx -> {
              // The Python SDK reads the workspace id from this header.
              ctx.header("X-Databricks-Org-Id", workspaceId.get());
              ctx.json(toScim(users.get(Principal.of(ctx).userId())));
            })
        .get(
            BASE + "/Users",
            ctx -> {
              ListQuery q = requests.query(ctx, ListQuery.class);
              ctx.json(list(q));
            })
        .post(
            BASE + "/Users",
            ctx -> {
              Principal.admin(ctx);
              ScimUser req = requests.body(ctx, ScimUser.class);
              boolean admin =
                  req.groups() != null
                      && req.groups().stream().anyMatch(g -> "admins".equals(g.display()));
              User created =
                  users.create(
                      req.userName(),
                      req.displayName(),
                      admin,
                      req.active() == null || req.active());
              ctx.status(201).json(toScim(created));
            })
        .get(BASE + "/Users/{id}", ctx -> ctx.json(toScim(users.get(ctx.pathParam("id")))))
        .delete(
            BASE + "/Users/{id}",
            ctx -> {
              Principal caller = Principal.admin(ctx);
              users.delete(caller, users.get(ctx.pathParam("id")).id());
              ctx.json(Empty.INSTANCE);
            });
  }

  /** {@code GET Users} query: SCIM paging is 1-based. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record ListQuery(String filter, Long startIndex, Long count) {}

  private ScimList<ScimUser> list(ListQuery q) {
    long start = q.startIndex() == null ? 1 : q.startIndex();
    long count = q.count() == null ? 10_000 : q.count();
    if (start < 1 || count < 0) {
      throw ApiException.invalid("startIndex must be >= 1 and count >= 0");
    }
    List<User> matching = users.all().stream().filter(ScimFilter.parse(q.filter())).toList();
    List<ScimUser> page =
        matching.stream().skip(start - 1).limit(count).map(ScimApi::toScim).toList();
    return new ScimList<>(ScimList.SCHEMAS, matching.size(), start, page.size(), page);
  }

  static ScimUser toScim(User u) {
    List<ScimUser.Ref> groups =
        u.admin() ? List.of(new ScimUser.Ref("admins", "admins", "direct")) : List.of();
    return new ScimUser(
        ScimUser.SCHEMAS,
        Long.toString(u.id()),
        u.userName(),
        u.displayName(),
        u.active(),
        u.userName().contains("@")
            ? List.of(new ScimUser.Email(u.userName(), "work", true, null))
            : List.of(),
        groups,
        List.of(new ScimUser.Value("workspace-access")),
        null);
  }
}
