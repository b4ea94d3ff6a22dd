package dev.kiln.driver.scala;

import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.InterpreterProvider;
import dev.kiln.driver.exec.InterpreterSetup;
import java.io.IOException;

/** The {@code scala} language. */
public final class ScalaProvider implements InterpreterProvider {
  @Override
  public String language() {
    return "scala";
  }

  @Override
  public Interpreter create(InterpreterSetup setup) throws IOException {
    return new ScalaInterpreter(setup);
  }
}
