package dev.kiln.server.permissions;

import dev.kiln.model.permissions.AccessControlRequest;
import dev.kiln.model.permissions.ObjectPermissions;
import dev.kiln.model.permissions.PermissionLevels;
import dev.kiln.model.permissions.PermissionsRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The Permissions API's operations on every registered {@link ObjectType}, and the checks other
 * domains make with it. A caller holds the strongest level given directly to their user name or to
 * the group {@code users} (everyone); workspace admins hold the managing level of every object,
 * inherited from the type's root object. Reading or changing an object's ACL needs that level.
 */
public final class PermissionService {
  private final Jdbi jdbi;
  private final Function<String, Optional<String>> userDisplayName;
  private final Map<String, Registered> types = new LinkedHashMap<>();

  private record Registered(ObjectType type, Consumer<String> requireExists) {}

  /**
   * @param userDisplayName the display name of a user of the workspace, by user name; empty for a
   *     name that is no user's
   */
  public PermissionService(Jdbi jdbi, Function<String, Optional<String>> userDisplayName) {
    this.jdbi = jdbi;
    this.userDisplayName = userDisplayName;
  }

  /**
   * Serves permissions of {@code type}.
   *
   * @param requireExists fails with the domain's own RESOURCE_DOES_NOT_EXIST for an id that names
   *     no (live) object
   */
  public PermissionService register(ObjectType type, Consumer<String> requireExists) {
    types.put(type.urlType(), new Registered(type, requireExists));
    return this;
  }

  /** The registered types, in registration order. */
  public List<ObjectType> types() {
    return types.values().stream().map(Registered::type).toList();
  }

  public ObjectPermissions get(Principal caller, ObjectType type, String id) {
    requireManage(caller, type, id);
    return view(type, id, jdbi.withExtension(PermissionDao.class, dao -> grants(dao, type, id)));
  }

  public PermissionLevels levels(Principal caller, ObjectType type, String id) {
    requireManage(caller, type, id);
    return new PermissionLevels(type.levels());
  }

  /** PUT: the direct ACL becomes {@code req}'s list. */
  public ObjectPermissions set(
      Principal caller, ObjectType type, String id, PermissionsRequest req) {
    List<Grant> requested = requested(type, req);
    requireManage(caller, type, id);
    return write(type, id, current -> Acl.replace(type, requested));
  }

  /** PATCH: the principals {@code req} names get its levels; the others keep theirs. */
  public ObjectPermissions update(
      Principal caller, ObjectType type, String id, PermissionsRequest req) {
    List<Grant> requested = requested(type, req);
    requireManage(caller, type, id);
    return write(type, id, current -> Acl.merge(type, current, requested));
  }

  /**
   * Fails with PERMISSION_DENIED unless {@code caller} holds {@code level} (or a stronger one) on
   * the object. The object's existence is the caller's to check.
   */
  public void require(Principal caller, ObjectType type, String id, String level) {
    if (caller.admin()) {
      return;
    }
    List<Grant> grants = jdbi.withExtension(PermissionDao.class, dao -> grants(dao, type, id));
    String held =
        Acl.strongest(
            type, grants, List.of(Grantee.user(caller.userName()), Grantee.group(Grantee.USERS)));
    if (held == null || !type.includes(held, level)) {
      throw ApiException.denied(
          "User "
              + caller.userName()
              + " does not have "
              + level
              + " permission on "
              + type.objectType()
              + " "
              + id);
    }
  }

  /** Gives the creator of a new object the managing level, in the transaction that creates it. */
  public void grantCreator(Handle h, ObjectType type, String id, String userName) {
    h.attach(PermissionDao.class)
        .insert(type.urlType(), id, Grantee.Kind.USER.name(), userName, type.manageLevel());
  }

  /** Drops every grant on an object, in the transaction that deletes it. */
  public void forget(Handle h, ObjectType type, String id) {
    h.attach(PermissionDao.class).deleteObject(type.urlType(), id);
  }

  /** Drops every grant to a user who is being deleted. */
  public void forgetUser(String userName) {
    jdbi.useExtension(PermissionDao.class, dao -> dao.deleteUser(userName));
  }

  private void requireManage(Principal caller, ObjectType type, String id) {
    registered(type).requireExists().accept(ApiException.required(id, "object id"));
    require(caller, type, id, type.manageLevel());
  }

  private Registered registered(ObjectType type) {
    Registered r = types.get(type.urlType());
    if (r == null) {
      throw new IllegalStateException(type.urlType() + " is not a registered object type");
    }
    return r;
  }

  private ObjectPermissions write(
      ObjectType type, String id, Function<List<Grant>, List<Grant>> change) {
    List<Grant> after =
        jdbi.inTransaction(
            h -> {
              PermissionDao dao = h.attach(PermissionDao.class);
              List<Grant> next = change.apply(grants(dao, type, id));
              dao.deleteObject(type.urlType(), id);
              for (Grant g : next) {
                dao.insert(
                    type.urlType(), id, g.grantee().kind().name(), g.grantee().name(), g.level());
              }
              return next;
            });
    return view(type, id, after);
  }

  /** The request's entries as grants, once each names a known principal and a level of the type. */
  private List<Grant> requested(ObjectType type, PermissionsRequest req) {
    if (req == null || req.accessControlList() == null) {
      throw ApiException.invalid("Missing required field: access_control_list");
    }
    List<Grant> grants = new ArrayList<>();
    for (AccessControlRequest entry : req.accessControlList()) {
      if (entry == null) {
        throw ApiException.invalid("access_control_list has an empty entry");
      }
      Grantee who = Grantee.of(entry);
      checkExists(who);
      grants.add(new Grant(who, type.checkLevel(entry.permissionLevel())));
    }
    return grants;
  }

  private void checkExists(Grantee who) {
    boolean known =
        switch (who.kind()) {
          case USER -> userDisplayName.apply(who.name()).isPresent();
          case GROUP -> who.name().equals(Grantee.USERS) || who.name().equals(Grantee.ADMINS);
          case SERVICE_PRINCIPAL -> false;
        };
    if (!known) {
      throw ApiException.invalid(
          "Principal "
              + who
              + " does not exist in this workspace (groups are 'users' and 'admins')");
    }
  }

  private static List<Grant> grants(PermissionDao dao, ObjectType type, String id) {
    return dao.list(type.urlType(), id).stream().map(PermissionDao.Row::grant).toList();
  }

  private ObjectPermissions view(ObjectType type, String id, List<Grant> grants) {
    return Acl.view(
        type,
        id,
        grants,
        who ->
            who.kind() == Grantee.Kind.USER
                ? userDisplayName.apply(who.name()).orElse(who.name())
                : who.name());
  }
}
