package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host capacity: cores oversubscribed four times, memory less the control plane's reserve. */
class HostCapacityTest {
  @Test
  void coresAreOversubscribedAndMemoryReserved() {
    HostCapacity c = HostCapacity.of(8, 32768);
    assertThat(c.cores()).isEqualTo(32);
    assertThat(c.memoryMb()).isEqualTo(32768 - 2048);
  }

  @Test
  void tinyHostHasNoMemoryToGive() {
    assertThat(HostCapacity.of(1, 1024).memoryMb()).isZero();
  }

  @Test
  void parsesMemTotalFromMeminfo(@TempDir Path dir) throws Exception {
    Path meminfo = dir.resolve("meminfo");
    Files.writeString(
        meminfo, "MemTotal:       16318412 kB\nMemFree:         1000000 kB\nMemAvailable: 2 kB\n");
    assertThat(HostCapacity.memTotalMb(meminfo)).contains(16318412L / 1024);
    assertThat(HostCapacity.memTotalMb(dir.resolve("absent"))).isEmpty();
    assertThat(HostCapacity.parseMemTotalMb("MemFree: 1 kB\n")).isEmpty();
    assertThat(HostCapacity.parseMemTotalMb("MemTotal: lots kB\n")).isEmpty();
  }

  @Test
  void detectsThisHost() {
    HostCapacity c = HostCapacity.detect();
    assertThat(c.cores())
        .isEqualTo(Runtime.getRuntime().availableProcessors() * HostCapacity.VCPUS_PER_CORE);
    assertThat(c.memoryMb()).isPositive();
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new HostCapacity(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostCapacity(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
