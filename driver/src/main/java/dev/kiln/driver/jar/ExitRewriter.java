package dev.kiln.driver.jar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.xbean.asm9.ClassReader;
import org.apache.xbean.asm9.ClassVisitor;
import org.apache.xbean.asm9.ClassWriter;
import org.apache.xbean.asm9.MethodVisitor;
import org.apache.xbean.asm9.Opcodes;

/**
 * Copies a jar with every call that would end the JVM ({@code System.exit}, {@code Runtime.exit},
 * {@code Runtime.halt}, Scala's {@code sys.exit}) redirected to {@link ExitGuard}: the Security
 * Manager that used to catch these is gone from newer JDKs, so the driver rewrites the call sites
 * instead. Only method bodies change (serialization ids stay); signed jars are copied untouched.
 */
public final class ExitRewriter {
  private static final String GUARD = ExitGuard.class.getName().replace('.', '/');

  private ExitRewriter() {}

  /** Writes {@code source}, rewritten where needed, to {@code target}. */
  public static void copy(Path source, Path target) throws IOException {
    try (ZipFile zip = new ZipFile(source.toFile())) {
      if (signed(zip)) {
        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      try (OutputStream file = Files.newOutputStream(target);
          ZipOutputStream out = new ZipOutputStream(file)) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          byte[] bytes;
          try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
          }
          if (entry.getName().endsWith(".class") && !entry.isDirectory()) {
            bytes = rewrite(bytes);
          }
          ZipEntry copy = new ZipEntry(entry.getName());
          copy.setTime(entry.getTime());
          out.putNextEntry(copy);
          out.write(bytes);
          out.closeEntry();
        }
      }
    }
  }

  private static boolean signed(ZipFile zip) {
    return zip.stream()
        .map(ZipEntry::getName)
        .anyMatch(n -> n.startsWith("META-INF/") && (n.endsWith(".SF") || n.endsWith(".RSA")));
  }

  /** One class with its exit calls redirected; the same bytes when it has none or is unreadable. */
  static byte[] rewrite(byte[] classFile) {
    try {
      ClassReader reader = new ClassReader(classFile);
      boolean[] changed = {false};
      ClassWriter writer = new ClassWriter(reader, 0);
      reader.accept(
          new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(
                int access, String name, String desc, String sig, String[] exceptions) {
              return new Redirect(super.visitMethod(access, name, desc, sig, exceptions), changed);
            }
          },
          0);
      return changed[0] ? writer.toByteArray() : classFile;
    } catch (RuntimeException e) {
      return classFile; // a class ASM cannot read is left as it is
    }
  }

  /** Replaces the exit calls of one method with static calls of the same stack shape. */
  private static final class Redirect extends MethodVisitor {
    private final boolean[] changed;

    Redirect(MethodVisitor next, boolean[] changed) {
      super(Opcodes.ASM9, next);
      this.changed = changed;
    }

    @Override
    public void visitMethodInsn(int op, String owner, String name, String desc, boolean itf) {
      String target = null;
      String targetDesc = null;
      if (op == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")) {
        target = "exit";
        targetDesc = "(I)V";
      } else if (op == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")) {
        if (name.equals("exit") || name.equals("halt")) {
          target = name.equals("exit") ? "runtimeExit" : "halt";
          targetDesc = "(Ljava/lang/Runtime;I)V";
        }
      } else if (op == Opcodes.INVOKEVIRTUAL
          && owner.equals("scala/sys/package$")
          && name.equals("exit")) {
        target = "scalaExit";
        targetDesc =
            desc.startsWith("(I)")
                ? "(Ljava/lang/Object;I)Lscala/runtime/Nothing$;"
                : "(Ljava/lang/Object;)Lscala/runtime/Nothing$;";
      }
      if (target == null) {
        super.visitMethodInsn(op, owner, name, desc, itf);
        return;
      }
      changed[0] = true;
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, target, targetDesc, false);
    }
  }
}
