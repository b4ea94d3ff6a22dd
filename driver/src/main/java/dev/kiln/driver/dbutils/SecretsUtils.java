package dev.kiln.driver.dbutils;

import dev.kiln.driver.exec.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code dbutils.secrets}: values come from the control plane for the command's user; every value
 * read is registered with the context's redactor.
 */
public final class SecretsUtils {
  private final SecretSource source;
  private final Redactor redactor;
  private final Supplier<String> user;

  public SecretsUtils(SecretSource source, Redactor redactor, Supplier<String> user) {
    this.source = source;
    this.redactor = redactor;
    this.user = user;
  }

  public String get(String scope, String key) {
    byte[] bytes = source.get(scope, key, user.get());
    String value = new String(bytes, StandardCharsets.UTF_8);
    redactor.register(value);
    return value;
  }

  public byte[] getBytes(String scope, String key) {
    byte[] bytes = source.get(scope, key, user.get());
    redactor.register(new String(bytes, StandardCharsets.UTF_8));
    return bytes;
  }

  public List<SecretMetadata> list(String scope) {
    return source.list(scope, user.get());
  }

  public List<SecretScope> listScopes() {
    return source.listScopes(user.get());
  }
}
