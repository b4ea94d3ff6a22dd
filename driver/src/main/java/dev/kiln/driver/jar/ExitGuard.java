package dev.kiln.driver.jar;

/**
 * Where a jar library's calls to {@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt}
 * and Scala's {@code sys.exit} land ({@link ExitRewriter} redirects them here when the jar is
 * installed). On a thread of a running jar task they throw {@link ExitCalled}, which ends the task
 * instead of the driver; anywhere else (a notebook, an executor) they exit as they always did.
 */
public final class ExitGuard {
  private static final InheritableThreadLocal<Boolean> GUARDED = new InheritableThreadLocal<>();

  private ExitGuard() {}

  /** Thrown instead of exiting; an Error so that {@code catch (Exception e)} does not eat it. */
  public static final class ExitCalled extends Error {
    private static final long serialVersionUID = 1L;
    private final int status;

    ExitCalled(int status) {
      super("The program called System.exit(" + status + ")");
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Marks this thread, and the threads it starts from now on, as running a jar task. */
  static void guard(boolean on) {
    if (on) {
      GUARDED.set(Boolean.TRUE);
    } else {
      GUARDED.remove();
    }
  }

  static boolean guarded() {
    return Boolean.TRUE.equals(GUARDED.get());
  }

  public static void exit(int status) {
    if (guarded()) {
      throw new ExitCalled(status);
    }
    System.exit(status);
  }

  public static void runtimeExit(Runtime runtime, int status) {
    if (guarded()) {
      throw new ExitCalled(status);
    }
    runtime.exit(status);
  }

  public static void halt(Runtime runtime, int status) {
    if (guarded()) {
      throw new ExitCalled(status);
    }
    runtime.halt(status);
  }

  /** {@code scala.sys.exit(status)}; the receiver is the {@code scala.sys.package$} module. */
  public static scala.runtime.Nothing$ scalaExit(Object sys, int status) {
    exit(status);
    throw new IllegalStateException("unreachable");
  }

  /** {@code scala.sys.exit()}. */
  public static scala.runtime.Nothing$ scalaExit(Object sys) {
    return scalaExit(sys, 0);
  }
}
