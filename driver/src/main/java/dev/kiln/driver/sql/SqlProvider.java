package dev.kiln.driver.sql;

import dev.kiln.driver.exec.Interpreter;
import dev.kiln.driver.exec.InterpreterProvider;
import dev.kiln.driver.exec.InterpreterSetup;

/** The {@code sql} language. */
public final class SqlProvider implements InterpreterProvider {
  @Override
  public String language() {
    return "sql";
  }

  @Override
  public Interpreter create(InterpreterSetup setup) {
    return new SqlInterpreter(setup.spark(), setup.dbutils().widgets());
  }
}
