package dev.kiln.driver.exec;

public interface Interpreter extends AutoCloseable {
  Result execute(String code, CommandScope scope)
      throws InterruptedException; // user errors -> Result.Error

  void cancel(); // from another thread

  @Override
  void close();
}
