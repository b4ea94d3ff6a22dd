package dev.kiln.driver.dbutils;

/** One entry of {@code dbutils.secrets.listScopes()}. */
public record SecretScope(String name, String backendType) {
  public String getName() {
    return name;
  }
}
