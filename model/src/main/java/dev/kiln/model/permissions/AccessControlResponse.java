package dev.kiln.model.permissions;

import java.util.List;

/** One principal of an object's ACL with every level it holds there, direct or inherited. */
public record AccessControlResponse(
    String userName,
    String groupName,
    String servicePrincipalName,
    String displayName,
    List<Permission> allPermissions) {}
