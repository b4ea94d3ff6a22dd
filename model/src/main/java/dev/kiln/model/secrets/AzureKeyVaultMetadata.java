package dev.kiln.model.secrets;

/** The Key Vault behind an {@code AZURE_KEYVAULT} scope; read only to refuse it clearly. */
public record AzureKeyVaultMetadata(String resourceId, String dnsName) {}
