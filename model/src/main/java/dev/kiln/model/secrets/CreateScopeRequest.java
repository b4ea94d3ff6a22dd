package dev.kiln.model.secrets;

/**
 * {@code POST /api/2.0/secrets/scopes/create}. The backend type is text so that an unknown value
 * gets a message naming the accepted ones.
 */
public record CreateScopeRequest(
    String scope,
    String initialManagePrincipal,
    String scopeBackendType,
    AzureKeyVaultMetadata backendAzureKeyvault) {}
