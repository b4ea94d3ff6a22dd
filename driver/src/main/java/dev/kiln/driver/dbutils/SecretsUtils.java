package dev.kiln.driver.dbutils;

import dev.kiln.driver.exec.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code dbutils.secrets}: values come from the control plane for the user named by the running
 * command's credential; every value read is registered with the context's redactor.
 */
public final class SecretsUtils {
  private final SecretSource source;
  private final Redactor redactor;
  private final Supplier<String> credential;

  public SecretsUtils(SecretSource source, Redactor redactor, Supplier<String> credential) {
    this.source = source;
    this.redactor = redactor;
    this.credential = credential;
  }

  public String get(String scope, String key) {
    byte[] bytes = source.get(scope, key, credential.get());
    String value = new String(bytes, StandardCharsets.UTF_8);
    redactor.register(value);
    return value;
  }

  public byte[] getBytes(String scope, String key) {
    byte[] bytes = source.get(scope, key, credential.get());
    redactor.register(new String(bytes, StandardCharsets.UTF_8));
    return bytes;
  }

  public List<SecretMetadata> list(String scope) {
    return source.list(scope, credential.get());
  }

  public List<SecretScope> listScopes() {
    return source.listScopes(credential.get());
  }
}
