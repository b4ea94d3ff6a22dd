package dev.kiln.server.permissions;

import dev.kiln.model.permissions.PermissionLevels;
import dev.kiln.server.api.ApiException;
import java.util.List;

/**
 * A kind of object that has permissions: its segment of {@code /api/2.0/permissions/<type>}, the
 * singular {@code object_type} the API shows, the name of its id in paths, and its levels, weakest
 * first (a stronger level allows everything a weaker one does). The last level is the one that
 * manages the object.
 */
public record ObjectType(
    String urlType, String objectType, String idName, List<PermissionLevels.Level> levels) {
  public static final String CAN_ATTACH_TO = "CAN_ATTACH_TO";
  public static final String CAN_MANAGE = "CAN_MANAGE";

  public static final ObjectType INSTANCE_POOLS =
      new ObjectType(
          "instance-pools",
          "instance-pool",
          "instance_pool_id",
          List.of(
              new PermissionLevels.Level(
                  CAN_ATTACH_TO, "Can create clusters whose nodes come from the pool"),
              new PermissionLevels.Level(
                  CAN_MANAGE, "Can edit and delete the pool and change its permissions")));

  public ObjectType {
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("an object type needs at least one level");
    }
    levels = List.copyOf(levels);
  }

  /** The level that manages an object: edit, delete, change permissions. */
  public String manageLevel() {
    return levels.get(levels.size() - 1).permissionLevel();
  }

  /** The object every object of the type inherits from, such as {@code /instance-pools/}. */
  public String rootObject() {
    return "/" + urlType + "/";
  }

  /** The API's {@code object_id} of one object. */
  public String objectId(String id) {
    return rootObject() + id;
  }

  /** Where {@code level} ranks among the type's levels (0 is the weakest), -1 when not one. */
  public int rank(String level) {
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).permissionLevel().equals(level)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether holding {@code held} allows what {@code needed} allows. */
  public boolean includes(String held, String needed) {
    int want = rank(needed);
    if (want < 0) {
      throw new IllegalArgumentException(needed + " is not a level of " + objectType);
    }
    return rank(held) >= want;
  }

  /** {@code level}, once known to be a level of this type; INVALID_PARAMETER_VALUE otherwise. */
  String checkLevel(String level) {
    ApiException.required(level, "permission_level");
    if (rank(level) < 0) {
      throw ApiException.invalid(
          "Permission level "
              + level
              + " is not defined for object type "
              + objectType
              + "; use one of "
              + levels.stream().map(PermissionLevels.Level::permissionLevel).toList());
    }
    return level;
  }
}
