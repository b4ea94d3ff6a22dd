package dev.kiln.model.secrets;

/** Where a scope keeps its secrets. Kiln stores only {@code DATABRICKS} scopes (its own store). */
public enum ScopeBackendType {
  DATABRICKS,
  AZURE_KEYVAULT
}
