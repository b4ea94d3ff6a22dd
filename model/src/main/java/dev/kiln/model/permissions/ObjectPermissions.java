package dev.kiln.model.permissions;

import java.util.List;

/**
 * {@code GET /api/2.0/permissions/{type}/{id}} and the answer of PUT and PATCH: {@code object_id}
 * is {@code /<type>/<id>}, {@code object_type} the singular type ({@code instance-pool}).
 */
public record ObjectPermissions(
    String objectId, String objectType, List<AccessControlResponse> accessControlList) {}
