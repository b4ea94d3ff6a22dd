package dev.kiln.driver.dbutils;

import java.util.List;

/** Where secrets come from (the control plane), checked against {@code user}'s ACLs. */
public interface SecretSource {
  byte[] get(String scope, String key, String user);

  List<SecretMetadata> list(String scope, String user);

  List<SecretScope> listScopes(String user);
}
