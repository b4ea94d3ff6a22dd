package dev.kiln.model.permissions;

import java.util.List;

/** The body of PUT (replace) and PATCH (merge) {@code /api/2.0/permissions/{type}/{id}}. */
public record PermissionsRequest(List<AccessControlRequest> accessControlList) {}
