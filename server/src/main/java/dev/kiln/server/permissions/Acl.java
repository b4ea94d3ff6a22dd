package dev.kiln.server.permissions;

import dev.kiln.model.permissions.AccessControlResponse;
import dev.kiln.model.permissions.ObjectPermissions;
import dev.kiln.model.permissions.Permission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pure rules of an object's direct ACL: one level per principal, PUT replaces the list, PATCH
 * sets the level of each principal it names and keeps the others. What the API shows adds the
 * {@code admins} group's managing level, inherited from the type's root object.
 */
final class Acl {
  private static final Comparator<Grantee> ORDER =
      Comparator.comparing(Grantee::kind).thenComparing(Grantee::name);

  private Acl() {}

  /** The ACL after a PUT of {@code requested}: only its principals, strongest level of each. */
  static List<Grant> replace(ObjectType type, List<Grant> requested) {
    Map<Grantee, String> acl = new LinkedHashMap<>();
    for (Grant g : requested) {
      acl.merge(g.grantee(), g.level(), (a, b) -> type.rank(a) >= type.rank(b) ? a : b);
    }
    return sorted(acl);
  }

  /**
   * The ACL after a PATCH of {@code requested}: each principal it names gets the (strongest) level
   * asked for it, whatever it had; the others keep theirs.
   */
  static List<Grant> merge(ObjectType type, List<Grant> current, List<Grant> requested) {
    Map<Grantee, String> acl = new LinkedHashMap<>();
    current.forEach(g -> acl.put(g.grantee(), g.level()));
    replace(type, requested).forEach(g -> acl.put(g.grantee(), g.level()));
    return sorted(acl);
  }

  /** The strongest level that {@code grants} give to any of {@code principals}; null if none. */
  static String strongest(ObjectType type, List<Grant> grants, List<Grantee> principals) {
    String best = null;
    for (Grant g : grants) {
      if (principals.contains(g.grantee())
          && (best == null || type.rank(g.level()) > type.rank(best))) {
        best = g.level();
      }
    }
    return best;
  }

  /**
   * The API's view of one object's ACL: each directly named principal with its level, and the
   * {@code admins} group with the managing level inherited from the type's root object; users
   * first, then groups, then service principals, each by name.
   *
   * @param displayName the display name of a principal
   */
  static ObjectPermissions view(
      ObjectType type, String id, List<Grant> grants, Function<Grantee, String> displayName) {
    Map<Grantee, List<Permission>> held = new TreeMap<>(ORDER);
    for (Grant g : sorted(toMap(grants))) {
      held.computeIfAbsent(g.grantee(), k -> new ArrayList<>())
          .add(new Permission(g.level(), false, null));
    }
    held.computeIfAbsent(Grantee.group(Grantee.ADMINS), k -> new ArrayList<>())
        .add(new Permission(type.manageLevel(), true, List.of(type.rootObject())));
    List<AccessControlResponse> list = new ArrayList<>();
    held.forEach(
        (who, levels) ->
            list.add(
                new AccessControlResponse(
                    who.kind() == Grantee.Kind.USER ? who.name() : null,
                    who.kind() == Grantee.Kind.GROUP ? who.name() : null,
                    who.kind() == Grantee.Kind.SERVICE_PRINCIPAL ? who.name() : null,
                    displayName.apply(who),
                    List.copyOf(levels))));
    return new ObjectPermissions(type.objectId(id), type.objectType(), list);
  }

  private static Map<Grantee, String> toMap(List<Grant> grants) {
    Map<Grantee, String> acl = new LinkedHashMap<>();
    grants.forEach(g -> acl.put(g.grantee(), g.level()));
    return acl;
  }

  private static List<Grant> sorted(Map<Grantee, String> acl) {
    return acl.entrySet().stream()
        .map(e -> new Grant(e.getKey(), e.getValue()))
        .sorted(Comparator.comparing(Grant::grantee, ORDER))
        .toList();
  }
}
