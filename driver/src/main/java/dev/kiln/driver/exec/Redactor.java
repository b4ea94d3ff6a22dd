package dev.kiln.driver.exec;

/** Stand-in for branch exec-engine's Redactor: replaces registered secret values in output. */
public interface Redactor {
  String redact(String text);

  void register(String secretValue);
}
