package dev.kiln.driver.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailBufferTest {
  @Test
  void keepsOnlyTheLastBytesWritten() {
    TailBuffer tail = new TailBuffer(10);
    for (int i = 0; i < 100; i++) {
      tail.write(('0' + i % 10));
    }
    assertThat(tail.text()).isEqualTo("0123456789");
    tail.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
    assertThat(tail.text()).isEqualTo("3456789abc");
    byte[] big = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.UTF_8);
    tail.write(big, 0, big.length);
    assertThat(tail.text()).isEqualTo("QRSTUVWXYZ");
  }

  @Test
  void shortOutputIsKeptWhole() {
    TailBuffer tail = new TailBuffer(1024);
    tail.write("hello\n".getBytes(StandardCharsets.UTF_8), 0, 6);
    assertThat(tail.text()).isEqualTo("hello\n");
  }
}
