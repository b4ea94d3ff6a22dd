package dev.kiln.driver.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {
  private static void write(BoundedOutput out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  @Test
  void outputThatFitsIsWhole() {
    BoundedOutput out = new BoundedOutput(4, 6);
    write(out, "abcdefghij");
    assertThat(out.drain()).isEqualTo(new BoundedOutput.Captured("abcdefghij", false));
    assertThat(out.drain()).isEqualTo(new BoundedOutput.Captured("", false));
  }

  @Test
  void keepsTheStartAndTheEndAcrossManyWrites() {
    BoundedOutput out = new BoundedOutput(4, 6);
    for (char c = 'a'; c <= 'z'; c++) {
      out.write(c);
    }
    assertThat(out.drain())
        .isEqualTo(
            new BoundedOutput.Captured(
                "abcd\n*** WARNING: skipped 16 bytes of output ***\n\nuvwxyz", true));
  }

  @Test
  void oneWriteLargerThanTheTail() {
    BoundedOutput out = new BoundedOutput(2, 3);
    write(out, "0123456789");
    write(out, "ab");
    assertThat(out.drain().text())
        .isEqualTo("01\n*** WARNING: skipped 7 bytes of output ***\n\n9ab");
  }

  @Test
  void gigabytesCostOnlyTheLimits() {
    BoundedOutput out = new BoundedOutput();
    byte[] mb = new byte[1 << 20];
    java.util.Arrays.fill(mb, (byte) 'x');
    for (int i = 0; i < 3000; i++) { // 3 GB
      out.write(mb, 0, mb.length);
    }
    BoundedOutput.Captured captured = out.drain();
    assertThat(captured.truncated()).isTrue();
    assertThat(captured.text())
        .hasSizeLessThan(OutputLimits.HEAD_CHARS + OutputLimits.TAIL_CHARS + 100)
        .contains("skipped " + (3000L * mb.length - (6 << 20)) + " bytes");
  }

  @Test
  void resultsPastTheLimitsAreCut() {
    String big = "y".repeat(OutputLimits.HEAD_CHARS + OutputLimits.TAIL_CHARS + 1000);
    Result.Text text = (Result.Text) OutputLimits.cap(new Result.Text(big));
    assertThat(text.truncated()).isTrue();
    assertThat(text.data()).contains("skipped 1000 bytes").hasSizeLessThan(big.length());
    assertThat(ResultJson.render(text)).containsEntry("truncated", true);
    assertThat(ResultJson.render(new Result.Text("small"))).doesNotContainKey("truncated");

    Result.Error error =
        (Result.Error) OutputLimits.cap(new Result.Error("e".repeat(10_000), big, big));
    assertThat(error.summary()).hasSize(OutputLimits.SUMMARY_CHARS + 3);
    assertThat(error.cause()).hasSizeLessThan(big.length());
    assertThat(error.output()).hasSizeLessThan(big.length());

    assertThat(OutputLimits.exitValue(big)).hasSize(OutputLimits.EXIT_CHARS);
  }

  @Test
  void tablesKeepRowsUpToTheirSize() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(List.of("z".repeat(1 << 20)));
    }
    Result.Table table =
        (Result.Table)
            OutputLimits.cap(new Result.Table(List.of(Map.of("name", "s")), rows, false));
    assertThat(table.truncated()).isTrue();
    assertThat(table.rows()).hasSize(3);

    List<List<Object>> small = Collections.nCopies(5, List.<Object>of(1L, "a"));
    Result.Table whole = new Result.Table(List.of(), small, false);
    assertThat(OutputLimits.cap(whole)).isSameAs(whole);
  }
}
