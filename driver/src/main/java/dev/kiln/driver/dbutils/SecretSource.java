package dev.kiln.driver.dbutils;

import java.util.List;

/**
 * Where secrets come from (the control plane), checked against the ACLs of the user named by {@code
 * credential}, the running command's credential (opaque here: only the control plane can read and
 * check it).
 */
public interface SecretSource {
  byte[] get(String scope, String key, String credential);

  List<SecretMetadata> list(String scope, String credential);

  List<SecretScope> listScopes(String credential);
}
