package dev.kiln.driver.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitRewriterTest {
  private static final String SOURCE =
      """
      package kiln.exits;
      public class Exits {
        public static void system(int s) { System.exit(s); }
        public static void runtime(int s) { Runtime.getRuntime().exit(s); }
        public static void halt(int s) { Runtime.getRuntime().halt(s); }
        public static String fine() { return "no exit here"; }
      }
      """;

  @TempDir Path dir;

  /** The rewritten jar's class, loaded on its own. */
  private Class<?> rewrittenExits() throws Exception {
    Path src = dir.resolve("kiln/exits/Exits.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    int exit =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), src.toString());
    assertThat(exit).isZero();
    Path jar = dir.resolve("exits.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("kiln/exits/Exits.class"));
      out.write(Files.readAllBytes(classes.resolve("kiln/exits/Exits.class")));
      out.closeEntry();
    }
    Path rewritten = dir.resolve("rewritten.jar");
    ExitRewriter.copy(jar, rewritten);
    URLClassLoader loader =
        new URLClassLoader(new URL[] {rewritten.toUri().toURL()}, getClass().getClassLoader());
    return loader.loadClass("kiln.exits.Exits");
  }

  private static Throwable call(Class<?> type, String method, Object... args) throws Exception {
    Method m = args.length == 0 ? type.getMethod(method) : type.getMethod(method, int.class);
    try {
      m.invoke(null, args);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  @Test
  void exitCallsOnAGuardedThreadThrowInsteadOfEndingTheJvm() throws Exception {
    Class<?> exits = rewrittenExits();
    ExitGuard.guard(true);
    try {
      assertThat(call(exits, "system", 3))
          .isInstanceOfSatisfying(
              ExitGuard.ExitCalled.class, e -> assertThat(e.status()).isEqualTo(3));
      assertThat(call(exits, "runtime", 0))
          .isInstanceOfSatisfying(ExitGuard.ExitCalled.class, e -> assertThat(e.status()).isZero());
      assertThat(call(exits, "halt", 9))
          .isInstanceOfSatisfying(
              ExitGuard.ExitCalled.class, e -> assertThat(e.status()).isEqualTo(9));
      assertThat(exits.getMethod("fine").invoke(null)).isEqualTo("no exit here");
    } finally {
      ExitGuard.guard(false);
    }
  }

  @Test
  void threadsStartedByAGuardedThreadAreGuardedToo() throws Exception {
    Class<?> exits = rewrittenExits();
    Throwable[] seen = new Throwable[1];
    ExitGuard.guard(true);
    try {
      Thread t = new Thread(() -> seen[0] = assertThrowsExit(exits));
      t.start();
      t.join();
    } finally {
      ExitGuard.guard(false);
    }
    assertThat(seen[0]).isInstanceOf(ExitGuard.ExitCalled.class);
  }

  private static Throwable assertThrowsExit(Class<?> exits) {
    try {
      return call(exits, "system", 1);
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void bytesAsmCannotReadAreLeftAsTheyAre() {
    byte[] notAClass = {1, 2, 3};
    assertThat(ExitRewriter.rewrite(notAClass)).as("unreadable: left as it is").isSameAs(notAClass);
  }
}
