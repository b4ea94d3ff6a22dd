package dev.kiln.model.permissions;

/**
 * One entry of a PUT or PATCH {@code access_control_list}: exactly one of {@code user_name}, {@code
 * group_name} and {@code service_principal_name}, and the level it gets.
 */
public record AccessControlRequest(
    String userName, String groupName, String servicePrincipalName, String permissionLevel) {}
