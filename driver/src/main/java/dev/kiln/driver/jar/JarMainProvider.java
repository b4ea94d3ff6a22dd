package dev.kiln.driver.jar;

import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.InterpreterProvider;
import dev.kiln.driver.exec.InterpreterSetup;

/**
 * The {@code jar} language: contexts whose commands are {@link dev.kiln.model.node.exec.JarMain}
 * calls. Only job tasks use it; the public Command Execution API does not offer it.
 */
public final class JarMainProvider implements InterpreterProvider {
  @Override
  public String language() {
    return "jar";
  }

  @Override
  public Interpreter create(InterpreterSetup setup) {
    return new JarMainInterpreter(setup.spark(), setup.libraries());
  }
}
