package dev.kiln.driver.exec;

/**
 * One execution context's language engine. The {@link ExecutionService} calls {@link #execute} on
 * the context's single worker thread, one command at a time, and {@link #cancel} from another
 * thread.
 */
public interface Interpreter extends AutoCloseable {
  /**
   * Runs one command; blocks until done. Throws nothing for user errors: they are an error Result.
   */
  Result execute(String code, CommandScope scope) throws InterruptedException;

  /**
   * Stops the running command (called from another thread); Spark jobs are cancelled by the caller
   * via the job group.
   */
  void cancel();

  @Override
  void close();
}
