package dev.kiln.server.dbfs;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbfsUploadHandlesTest {
  @TempDir Path staging;
  final TestClock clock = new TestClock();
  final UploadHandles handles = new UploadHandles(clock);
  final DbfsPath target = DbfsPath.parse("/t", "path");

  @BeforeEach
  void setUp() {
    assertThat(UploadHandles.IDLE_TIMEOUT).isEqualTo(Duration.ofMinutes(10));
  }

  private long open() throws IOException {
    return handles.open(target, false, StagedFile.create(staging));
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnknown(Runnable call) {
    assertFailsWith(call::run, ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  private long stagedFiles() throws IOException {
    try (var files = Files.list(staging)) {
      return files.count();
    }
  }

  @Test
  void handlesAreDistinctPositiveRandomInt64sThatJavaScriptKeepsExact() throws IOException {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long handle = open();
      assertThat(handle).isPositive().isLessThan(1L << 53);
      assertThat(seen.add(handle)).isTrue();
    }
    // Random, not a counter: the spread covers far more than 200 consecutive values.
    assertThat(
            seen.stream().mapToLong(Long::longValue).max().getAsLong()
                - seen.stream().mapToLong(Long::longValue).min().getAsLong())
        .isGreaterThan(1L << 40);
    handles.close();
  }

  @Test
  void blocksAppendInOrderAndTakeHandsTheUploadOver() throws IOException {
    long handle = open();
    handles.append(handle, bytes("hello "));
    handles.append(handle, bytes("world"));
    UploadHandles.Upload upload = handles.take(handle);
    assertThat(upload.target()).isEqualTo(target);
    upload.staged().finish();
    assertThat(Files.readString(upload.staged().file())).isEqualTo("hello world");
    assertThat(handles.size()).isZero();
    assertUnknown(() -> handles.append(handle, bytes("late")));
    assertUnknown(() -> handles.take(handle));
    upload.staged().close();
  }

  @Test
  void unknownHandlesAreNotFound() {
    assertUnknown(() -> handles.append(42, bytes("x")));
    assertUnknown(() -> handles.take(42));
  }

  @Test
  void useKeepsAHandleAliveAndIdlenessExpiresItLazily() throws IOException {
    long handle = open();
    clock.advance(Duration.ofMinutes(9));
    handles.append(handle, bytes("a"));
    clock.advance(Duration.ofMinutes(9)); // 18 minutes old, but used 9 minutes ago
    handles.append(handle, bytes("b"));
    assertThat(stagedFiles()).isOne();

    clock.advance(Duration.ofMinutes(10));
    assertUnknown(() -> handles.append(handle, bytes("c")));
    assertThat(stagedFiles()).as("staged bytes of the expired handle").isZero();
    assertThat(handles.size()).isZero();
  }

  @Test
  void anExpiredHandleCannotBeClosed() throws IOException {
    long handle = open();
    clock.advance(UploadHandles.IDLE_TIMEOUT);
    assertUnknown(() -> handles.take(handle));
    assertThat(stagedFiles()).isZero();
  }

  @Test
  void theSweepExpiresOnlyIdleHandles() throws IOException {
    long idle = open();
    clock.advance(Duration.ofMinutes(6));
    long active = open();
    clock.advance(Duration.ofMinutes(4).minusMillis(1));
    assertThat(handles.expireIdle()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(handles.expireIdle()).isOne();
    assertThat(handles.size()).isOne();
    assertThat(stagedFiles()).isOne();
    assertUnknown(() -> handles.append(idle, bytes("x")));
    handles.append(active, bytes("x"));
    assertThat(handles.expireIdle()).isZero();
  }

  @Test
  void closeDropsEverything() throws IOException {
    open();
    open();
    assertThat(stagedFiles()).isEqualTo(2);
    handles.close();
    assertThat(handles.size()).isZero();
    assertThat(stagedFiles()).isZero();
  }
}
