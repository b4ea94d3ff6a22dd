package dev.kiln.model.permissions;

import java.util.List;

/** {@code GET /api/2.0/permissions/{type}/{id}/permissionLevels}. */
public record PermissionLevels(List<Level> permissionLevels) {
  /** A level an object of the type can be given, with what it allows. */
  public record Level(String permissionLevel, String description) {}
}
