package dev.kiln.driver.dbutils;

/** One entry of {@code dbutils.secrets.list(scope)}. */
public record SecretMetadata(String key, long lastUpdatedTimestamp) {
  public String getKey() {
    return key;
  }
}
