package dev.kiln.driver.jar;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends what a jar task's threads print to the task's buffer. {@code System.out} and {@code
 * System.err} are shared by the whole driver, so they are replaced once by streams that write to
 * the buffer of the calling thread's task (inherited by the threads a task starts), and to the
 * driver's own streams for every other thread.
 */
final class OutputCapture implements AutoCloseable {
  private static final InheritableThreadLocal<OutputCapture> CURRENT =
      new InheritableThreadLocal<>();
  private static boolean installed;

  private final OutputStream target;
  private volatile boolean open = true;

  private OutputCapture(OutputStream target) {
    this.target = target;
  }

  /**
   * From now until {@link #close}, what this thread (and its new threads) prints goes to target.
   */
  static OutputCapture start(OutputStream target) {
    install();
    OutputCapture capture = new OutputCapture(target);
    CURRENT.set(capture);
    return capture;
  }

  @Override
  public void close() {
    open = false;
    CURRENT.remove();
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    System.setOut(new PrintStream(new Routing(System.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Routing(System.err), true, StandardCharsets.UTF_8));
    installed = true;
  }

  /** Writes to the current thread's open capture, else to the stream it replaced. */
  private static final class Routing extends OutputStream {
    private final OutputStream driver;

    Routing(OutputStream driver) {
      this.driver = driver;
    }

    private OutputStream target() {
      OutputCapture c = CURRENT.get();
      return c != null && c.open ? c.target : driver;
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target().flush();
    }
  }
}
