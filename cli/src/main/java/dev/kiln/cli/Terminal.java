package dev.kiln.cli;

import java.io.Console;

/** Whether the process talks to a terminal (rather than pipes or files), for progress lines. */
final class Terminal {
  private Terminal() {}

  // Built for Java 17, where a null console means "not a terminal"; from JDK 22 there is always a
  // console and Console.isTerminal() (absent from 17's API, hence reflection) answers instead.
  @SuppressWarnings("SystemConsoleNull")
  static boolean attached() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
