package dev.kiln.driver.python;

import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.InterpreterProvider;
import dev.kiln.driver.exec.InterpreterSetup;

/** The {@code python} language: one {@link PythonInterpreter} (and Python process) per context. */
public final class PythonInterpreterProvider implements InterpreterProvider {
  @Override
  public String language() {
    return "python";
  }

  @Override
  public Interpreter create(InterpreterSetup setup) throws Exception {
    return PythonInterpreter.start(
        setup.spark(),
        new PythonContext(setup.contextId(), setup.user(), setup.workDir()),
        PythonEnvironment.resolve(setup.spark().sparkContext().getConf(), System.getenv()),
        setup.libraries().pythonPath());
  }
}
