package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The runtime's jvm.options are the flags Spark's launcher would give a driver. */
class JvmOptionsTest {
  @Test
  void jvmOptionsAreSparksDefaultModuleOptions() throws Exception {
    Path file = Path.of("..", "runtime", "src", "main", "runtime", "jvm.options");

    assertThat(Files.readAllLines(file).stream().filter(l -> !l.isBlank()))
        .containsExactly(JavaModuleOptions.defaultModuleOptionArray());
  }
}
