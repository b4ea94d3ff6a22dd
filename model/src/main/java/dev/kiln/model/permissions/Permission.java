package dev.kiln.model.permissions;

import java.util.List;

/**
 * A level a principal holds on an object; an inherited one names the objects it comes from (the
 * root object of the type, such as {@code /instance-pools/}).
 */
public record Permission(
    String permissionLevel, boolean inherited, List<String> inheritedFromObject) {}
