package dev.kiln.model.node.exec;

/**
 * {@code POST /contexts/{id}/commands}: the code to run, the user running it, the language the
 * caller expects the context to run it in (null: the context's own) and the command credential the
 * control plane minted for it (the only thing the control plane trusts about the user when the
 * command's dbutils calls back; {@code user} is informational).
 */
public record ExecuteCommand(String command, String user, String language, String credential) {

  public ExecuteCommand(String command, String user, String language) {
    this(command, user, language, null);
  }
}
