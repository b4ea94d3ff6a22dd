package dev.kiln.cli;

import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.DeleteAcl;
import com.databricks.sdk.service.workspace.DeleteSecret;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.PutSecret;
import com.databricks.sdk.service.workspace.SecretMetadata;
import com.databricks.sdk.service.workspace.SecretScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln secrets}: scopes and their secrets (values are write-only, as on Databricks). */
@Command(name = "secrets", description = "Secret scopes and secrets.")
final class SecretsCommand {
  @ParentCommand Kiln kiln;

  @Command(name = "create-scope", description = "Create a secret scope.")
  void createScope(@Parameters(paramLabel = "SCOPE") String scope) {
    kiln.client().secrets().createScope(new CreateScope().setScope(scope));
  }

  @Command(name = "list-scopes", description = "List secret scopes.")
  void listScopes() {
    List<SecretScope> scopes = new ArrayList<>();
    kiln.client().secrets().listScopes().forEach(scopes::add);
    List<List<String>> rows = new ArrayList<>();
    for (SecretScope s : scopes) {
      rows.add(List.of(Output.text(s.getName()), Output.text(s.getBackendType())));
    }
    kiln.output().print(scopes, List.of("Scope", "Backend Type"), rows);
  }

  @Command(name = "delete-scope", description = "Delete a secret scope and its secrets.")
  void deleteScope(@Parameters(paramLabel = "SCOPE") String scope) {
    kiln.client().secrets().deleteScope(scope);
  }

  /** At most one value option; with neither, the value is read from stdin. */
  static final class Value {
    @Option(names = "--string-value", description = "The value as text.")
    String string;

    @Option(names = "--bytes-value", description = "The value as base64-encoded bytes.")
    String bytes;
  }

  @Command(name = "put-secret", description = "Store a secret (value from an option or stdin).")
  void putSecret(
      @Parameters(paramLabel = "SCOPE") String scope,
      @Parameters(paramLabel = "KEY") String key,
      @ArgGroup(exclusive = true) Value value)
      throws IOException {
    PutSecret put = new PutSecret().setScope(scope).setKey(key);
    if (value != null && value.bytes != null) {
      put.setBytesValue(value.bytes);
    } else if (value != null && value.string != null) {
      put.setStringValue(value.string);
    } else {
      put.setStringValue(new String(kiln.in.readAllBytes(), StandardCharsets.UTF_8));
    }
    kiln.client().secrets().putSecret(put);
  }

  @Command(name = "list-secrets", description = "List the keys of a scope (never values).")
  void listSecrets(@Parameters(paramLabel = "SCOPE") String scope) {
    List<SecretMetadata> secrets = new ArrayList<>();
    kiln.client().secrets().listSecrets(scope).forEach(secrets::add);
    List<List<String>> rows = new ArrayList<>();
    for (SecretMetadata s : secrets) {
      Long updated = s.getLastUpdatedTimestamp();
      rows.add(
          List.of(
              Output.text(s.getKey()),
              updated == null ? "" : Instant.ofEpochMilli(updated).toString()));
    }
    kiln.output().print(secrets, List.of("Key", "Last Updated"), rows);
  }

  @Command(name = "delete-secret", description = "Delete a secret.")
  void deleteSecret(
      @Parameters(paramLabel = "SCOPE") String scope, @Parameters(paramLabel = "KEY") String key) {
    kiln.client().secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey(key));
  }

  @Command(
      name = "put-acl",
      description = "Grant a user or group READ, WRITE or MANAGE on a scope.")
  void putAcl(
      @Parameters(paramLabel = "SCOPE") String scope,
      @Parameters(paramLabel = "PRINCIPAL") String principal,
      @Parameters(paramLabel = "PERMISSION", description = "${COMPLETION-CANDIDATES}")
          AclPermission permission) {
    kiln.client()
        .secrets()
        .putAcl(new PutAcl().setScope(scope).setPrincipal(principal).setPermission(permission));
  }

  @Command(name = "list-acls", description = "List the ACLs of a scope.")
  void listAcls(@Parameters(paramLabel = "SCOPE") String scope) {
    List<AclItem> acls = new ArrayList<>();
    kiln.client().secrets().listAcls(scope).forEach(acls::add);
    printAcls(acls, acls);
  }

  @Command(name = "get-acl", description = "Show the ACL of one principal on a scope.")
  void getAcl(
      @Parameters(paramLabel = "SCOPE") String scope,
      @Parameters(paramLabel = "PRINCIPAL") String principal) {
    AclItem acl = kiln.client().secrets().getAcl(scope, principal);
    printAcls(acl, List.of(acl));
  }

  @Command(name = "delete-acl", description = "Remove a principal's ACL from a scope.")
  void deleteAcl(
      @Parameters(paramLabel = "SCOPE") String scope,
      @Parameters(paramLabel = "PRINCIPAL") String principal) {
    kiln.client().secrets().deleteAcl(new DeleteAcl().setScope(scope).setPrincipal(principal));
  }

  private void printAcls(Object json, List<AclItem> acls) {
    List<List<String>> rows = new ArrayList<>();
    for (AclItem a : acls) {
      rows.add(List.of(Output.text(a.getPrincipal()), Output.text(a.getPermission())));
    }
    kiln.output().print(json, List.of("Principal", "Permission"), rows);
  }
}
