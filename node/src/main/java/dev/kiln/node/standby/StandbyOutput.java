package dev.kiln.node.standby;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The standby JVM's stdout and stderr, switched to an executor's {@code stdout} and {@code stderr}
 * files while it runs one, where the Worker keeps an executor's output. Installed before anything
 * logs: Log4j's console appender holds on to the stream it first saw, so the stream itself
 * switches.
 */
final class StandbyOutput {
  private static final Switch OUT = new Switch(new FileOutputStream(FileDescriptor.out));
  private static final Switch ERR = new Switch(new FileOutputStream(FileDescriptor.err));

  private StandbyOutput() {}

  static void install() {
    System.setOut(new PrintStream(OUT, true));
    System.setErr(new PrintStream(ERR, true));
  }

  /** From now on into the executor's files, once the Worker has written its header there. */
  static void toExecutor(Path executorDir) throws IOException {
    Path stderr = executorDir.resolve("stderr");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline && (!Files.exists(stderr) || Files.size(stderr) == 0)) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    OUT.to(new FileOutputStream(executorDir.resolve("stdout").toFile(), true));
    ERR.to(new FileOutputStream(stderr.toFile(), true));
  }

  /** Back to the standby's own output (after a warm-up executor). */
  static void toStandby() {
    OUT.back();
    ERR.back();
  }

  private static final class Switch extends OutputStream {
    private final OutputStream own;
    private OutputStream target;

    Switch(OutputStream own) {
      this.own = own;
      this.target = own;
    }

    synchronized void to(OutputStream next) {
      target = next;
    }

    synchronized void back() {
      if (target != own) {
        try {
          target.close();
        } catch (IOException e) {
          // the executor's file: nothing more to write there anyway
        }
      }
      target = own;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      target.flush();
    }
  }
}
