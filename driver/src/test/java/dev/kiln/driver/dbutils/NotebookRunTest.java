package dev.kiln.driver.dbutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** dbutils.notebook.run against a fake control plane whose child runs end as each test says. */
class NotebookRunTest {
  /** A control plane that ends run 1 with {@code end} after {@code polls} polls (never if null). */
  static class FakeRuns implements NotebookRuns {
    final List<String> calls = new ArrayList<>();
    NotebookRuns.RunState end;
    int polls;
    RuntimeException failStart;
    boolean cancelled;

    @Override
    public long start(
        String credential, String path, String callerPath, int timeout, Map<String, String> args) {
      calls.add(
          "start " + credential + " " + path + " from " + callerPath + " " + timeout + " " + args);
      if (failStart != null) {
        throw failStart;
      }
      return 1;
    }

    @Override
    public synchronized RunState state(String user, long runId) {
      if (cancelled || end == null || polls-- > 0) {
        return new RunState("/x", null, null, null, null);
      }
      return end;
    }

    @Override
    public synchronized void cancel(String user, long runId) {
      calls.add("cancel " + user + " " + runId);
      cancelled = true;
    }
  }

  private final FakeRuns runs = new FakeRuns();
  private final NotebookUtils notebook =
      new NotebookUtils(runs, () -> "cred-ann", Duration.ofMillis(100));

  @Test
  void returnsTheChildsExitValueAfterItEnds() {
    runs.end = new NotebookRuns.RunState("/Shared/child", "SUCCESS", "42", null, "");
    runs.polls = 2;
    notebook.notebookPath("/Shared/parent");
    Map<String, String> args = new HashMap<>();
    args.put("x", "1");

    assertThat(notebook.run("./child", 60, args)).isEqualTo("42");
    assertThat(runs.calls).containsExactly("start cred-ann ./child from /Shared/parent 60 {x=1}");
  }

  @Test
  void aChildThatDidNotExitGivesAnEmptyString() {
    runs.end = new NotebookRuns.RunState("/c", "SUCCESS", null, null, "");
    assertThat(notebook.run("/c", 0)).isEmpty();
  }

  @Test
  void scalaMapsAreArgumentsToo() {
    runs.end = new NotebookRuns.RunState("/c", "SUCCESS", "ok", null, "");
    scala.collection.Map<String, String> args =
        scala.jdk.javaapi.CollectionConverters.asScala(Map.of("k", "v"));
    assertThat(notebook.run("/c", 5, args)).isEqualTo("ok");
    assertThat(runs.calls).containsExactly("start cred-ann /c from null 5 {k=v}");
  }

  @Test
  void aFailedChildRaisesWithItsError() {
    runs.end =
        new NotebookRuns.RunState("/c", "FAILED", null, "ZeroDivisionError: division by zero", "");
    assertThatThrownBy(() -> notebook.run("/c", 0, Map.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Notebook run 1 (/c) failed: ZeroDivisionError: division by zero");
  }

  @Test
  void aChildTheEngineTimedOutRaisesATimeout() {
    runs.end = new NotebookRuns.RunState("/c", "TIMEDOUT", null, null, "Timed out");
    assertThatThrownBy(() -> notebook.run("/c", 3, Map.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("timed out after 3 seconds");
  }

  @Test
  void aChildNotEndedByItsTimeoutAndGraceIsCancelledAndRaises() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> notebook.run("/c", 1, Map.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Notebook run 1 (/c) timed out after 1 seconds and was cancelled");
    assertThat(runs.calls).contains("cancel cred-ann 1");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  @Test
  void cancellingTheCallingCommandCancelsTheChild() throws Exception {
    CompletableFuture<Throwable> caught =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                notebook.run("/c", 0, Map.of());
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    Thread.sleep(100);
    notebook.cancelRunning();
    assertThat(caught.get(5, TimeUnit.SECONDS))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("was cancelled");
    assertThat(runs.calls).contains("cancel cred-ann 1");
    notebook.reset();
    runs.cancelled = false;
    runs.end = new NotebookRuns.RunState("/c", "SUCCESS", "again", null, "");
    assertThat(notebook.run("/c", 0, Map.of())).isEqualTo("again");
  }

  @Test
  void aChildThatCannotStartRaisesAndBadArgumentsAreRefused() {
    runs.failStart = new WorkflowException("RESOURCE_DOES_NOT_EXIST: Notebook not found: /n");
    assertThatThrownBy(() -> notebook.run("/n", 0, Map.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("RESOURCE_DOES_NOT_EXIST: Notebook not found: /n");
    assertThatThrownBy(() -> notebook.run("/n", -1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> notebook.run(" ", 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NotebookUtils(null, () -> "ann").run("/n", 0, Map.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("not available");
  }

  @Test
  void aControlPlaneThatRefusesToAnswerEndsTheWaitWithItsError() {
    NotebookRuns refusing =
        new FakeRuns() {
          @Override
          public synchronized RunState state(String user, long runId) {
            throw new ControlPlaneCall.Refused(
                "PERMISSION_DENIED", "User ann cannot run notebooks");
          }
        };
    assertThatThrownBy(() -> new NotebookUtils(refusing, () -> "ann").run("/c", 0, Map.of()))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("PERMISSION_DENIED: User ann cannot run notebooks");
  }
}
