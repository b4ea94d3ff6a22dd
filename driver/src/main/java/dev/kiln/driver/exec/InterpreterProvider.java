package dev.kiln.driver.exec;

/**
 * Makes the interpreters of one language. Providers are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.kiln.driver.exec.InterpreterProvider}), so a language plugs in by
 * adding a file.
 */
public interface InterpreterProvider {
  /** The lowercase language name of the 1.2 API: {@code sql}, {@code scala}, {@code python}. */
  String language();

  /**
   * Starts an interpreter for a new context; may take seconds (the context is Pending meanwhile).
   */
  Interpreter create(InterpreterSetup setup) throws Exception;
}
