package dev.kiln.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Jars made by a test: Java sources compiled with the JDK's compiler and packed. */
final class TestJars {
  private TestJars() {}

  /** A jar of the class {@code className} compiled from {@code source}, written to {@code dir}. */
  static byte[] compile(Path dir, String className, String source) throws IOException {
    return compile(dir, className, source, null);
  }

  /** As above, compiled against {@code classpath}, or the test's own class path when null. */
  static byte[] compile(Path dir, String className, String source, String classpath)
      throws IOException {
    Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new java.util.ArrayList<>(List.of("--release", "17"));
    if (classpath != null) {
      args.addAll(List.of("-classpath", classpath));
    }
    args.addAll(List.of("-d", classes.toString(), src.toString()));
    int exit = javac.run(null, null, null, args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("javac failed on " + className);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    Path jar = dir.resolve(className + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
    }
    return Files.readAllBytes(jar);
  }

  /**
   * The class path of every jar in {@code dir} (javac in-process does not expand {@code dir/*}).
   */
  static String jarsIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return String.join(
          java.io.File.pathSeparator,
          files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList());
    }
  }

  /** A class {@code pkg.Name} whose {@code hello()} answers {@code greeting}. */
  static String greeter(String className, String greeting) {
    int dot = className.lastIndexOf('.');
    return String.join(
        "\n",
        List.of(
            "package " + className.substring(0, dot) + ";",
            "public class " + className.substring(dot + 1) + " {",
            "  public String hello() { return \"" + greeting + "\"; }",
            "}"));
  }
}
