package dev.kiln.driver.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.driver.dbutils.DbUtils;
import dev.kiln.driver.dbutils.SecretMetadata;
import dev.kiln.driver.dbutils.SecretScope;
import dev.kiln.driver.dbutils.SecretSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionServiceTest {
  @TempDir Path dir;
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);
  private ExecutionService service;

  /** "block" waits until released or cancelled; "secret" reads one; anything else echoes. */
  private final class Fake implements Interpreter {
    private volatile Thread thread;

    @Override
    public Result execute(String code, CommandScope scope) throws InterruptedException {
      ran.add(code);
      thread = Thread.currentThread();
      switch (code) {
        case "block" -> {
          if (!release.await(10, TimeUnit.SECONDS)) {
            return new Result.Text("timeout");
          }
        }
        case "secret" -> {
          return new Result.Text("it is " + scope.dbutils().secrets().get("s", "k"));
        }
        case "scopes" -> {
          return new Result.Text(
              "scopes " + scope.dbutils().secrets().listScopes().get(0).getName());
        }
        case "exit" -> scope.dbutils().notebook().exit("bye");
        case "crash" -> throw new IllegalStateException("interpreter broke");
        default -> {}
      }
      return new Result.Text("ran " + code + " as " + scope.user());
    }

    @Override
    public void cancel() {
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    @Override
    public void close() {}
  }

  /** Answers only with a credential, and says which one it got. */
  private static final SecretSource SECRETS =
      new SecretSource() {
        @Override
        public byte[] get(String scope, String key, String credential) {
          if (credential == null || credential.isEmpty()) {
            throw new IllegalStateException("no credential");
          }
          return ("hunter2 for " + credential).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<SecretMetadata> list(String scope, String user) {
          return List.of();
        }

        @Override
        public List<SecretScope> listScopes(String credential) {
          return List.of(new SecretScope("seen " + credential, "DATABRICKS"));
        }
      };

  @BeforeEach
  void start() {
    Interpreters languages =
        new Interpreters()
            .register(
                new InterpreterProvider() {
                  @Override
                  public String language() {
                    return "fake";
                  }

                  @Override
                  public Interpreter create(InterpreterSetup setup) {
                    return new Fake();
                  }
                });
    service =
        new ExecutionService(
            null,
            languages,
            (r, credential) -> new DbUtils(Configuration::new, SECRETS, r, credential),
            dir);
  }

  @AfterEach
  void stop() {
    release.countDown();
    service.close();
  }

  private String running() throws InterruptedException {
    String id = service.createContext("FAKE", "ann");
    assertThat(id).matches("\\d{19}");
    for (int i = 0; i < 100 && service.context(id).status() != ContextStatus.Running; i++) {
      Thread.sleep(20);
    }
    assertThat(service.context(id).status()).isEqualTo(ContextStatus.Running);
    return id;
  }

  private Command awaitDone(String ctx, String cmd) throws InterruptedException {
    for (int i = 0; i < 250; i++) {
      Command c = service.command(ctx, cmd);
      if (c.status().isDone()) {
        return c;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not done: " + service.command(ctx, cmd));
  }

  @Test
  void commandsQueueBehindTheRunningOneAndRunInOrder() throws Exception {
    String ctx = running();
    String first = service.execute(ctx, "block", "ann", null);
    String second = service.execute(ctx, "two", "bob", null);
    Thread.sleep(100);
    assertThat(service.command(ctx, first).status()).isEqualTo(CommandStatus.Running);
    assertThat(service.command(ctx, second).status()).isEqualTo(CommandStatus.Queued);
    assertThat(service.command(ctx, second).results()).isNull();
    assertThat(service.activeCommands()).isEqualTo(1);
    release.countDown();
    Command done = awaitDone(ctx, second);
    assertThat(done.status()).isEqualTo(CommandStatus.Finished);
    assertThat(done.results()).containsEntry("data", "ran two as bob");
    assertThat(ran).containsExactly("block", "two");
    assertThat(service.activityCount()).isEqualTo(4);
  }

  @Test
  void cancelOfRunningGoesCancelledAndOfQueuedNeverRuns() throws Exception {
    String ctx = running();
    String first = service.execute(ctx, "block", "ann", null);
    String second = service.execute(ctx, "never", "ann", null);
    Thread.sleep(100);
    service.cancel(ctx, second);
    assertThat(service.command(ctx, second).status()).isEqualTo(CommandStatus.Cancelled);
    service.cancel(ctx, first);
    assertThat(awaitDone(ctx, first).status()).isEqualTo(CommandStatus.Cancelled);
    String third = service.execute(ctx, "after", "ann", null);
    assertThat(awaitDone(ctx, third).status()).isEqualTo(CommandStatus.Finished);
    assertThat(ran).containsExactly("block", "after");
  }

  @Test
  void secretsAreRedactedExitGivesItsValueAndCrashesAreErrorStatus() throws Exception {
    String ctx = running();
    assertThat(awaitDone(ctx, service.execute(ctx, "secret", "ann", null, "cred-1")).results())
        .containsEntry("data", "it is [REDACTED]");
    assertThat(awaitDone(ctx, service.execute(ctx, "exit", "ann", null)).results())
        .containsEntry("resultType", "text")
        .containsEntry("data", "bye");
    Command crash = awaitDone(ctx, service.execute(ctx, "crash", "ann", null));
    assertThat(crash.status()).isEqualTo(CommandStatus.Error);
    assertThat(crash.results()).containsEntry("resultType", "error");
    assertThat(awaitDone(ctx, service.execute(ctx, "ok", "ann", null)).results())
        .containsEntry("data", "ran ok as ann");
  }

  @Test
  void dbutilsSendsTheCredentialOfTheCommandRunningAndNoneBeforeTheFirst() throws Exception {
    String ctx = running();
    Command none = awaitDone(ctx, service.execute(ctx, "secret", "ann", null));
    assertThat(none.status()).isEqualTo(CommandStatus.Error);
    assertThat(none.results().get("summary").toString()).contains("no credential");
    // Each command acts with its own credential, even in one context.
    String first = service.execute(ctx, "scopes", "ann", null, "cred-ann");
    String second = service.execute(ctx, "scopes", "bob", null, "cred-bob");
    assertThat(awaitDone(ctx, first).results()).containsEntry("data", "scopes seen cred-ann");
    assertThat(awaitDone(ctx, second).results()).containsEntry("data", "scopes seen cred-bob");
  }

  @Test
  void unknownIdsAndLanguagesAreRefused() throws Exception {
    assertThatThrownBy(() -> service.createContext("cobol", "a"))
        .isInstanceOfSatisfying(
            ExecError.class, e -> assertThat(e.kind()).isEqualTo(ExecError.Kind.INVALID));
    assertThatThrownBy(() -> service.context("1"))
        .isInstanceOfSatisfying(
            ExecError.class, e -> assertThat(e.kind()).isEqualTo(ExecError.Kind.NOT_FOUND));
    String ctx = running();
    assertThatThrownBy(() -> service.command(ctx, "nope")).isInstanceOf(ExecError.class);
    service.destroyContext(ctx);
    assertThatThrownBy(() -> service.execute(ctx, "x", "a", null)).isInstanceOf(ExecError.class);
  }

  @Test
  void aCommandInAnotherLanguageThanItsContextIsRefusedAndNotRun() throws Exception {
    String ctx = running();
    assertThatThrownBy(() -> service.execute(ctx, "select 1", "ann", "sql"))
        .isInstanceOfSatisfying(
            ExecError.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ExecError.Kind.INVALID);
              assertThat(e.getMessage()).contains("runs fake, not sql");
            });
    assertThat(awaitDone(ctx, service.execute(ctx, "same", "ann", "Fake")).results())
        .containsEntry("data", "ran same as ann");
    assertThat(ran).containsExactly("same");
  }
}
