package dev.kiln.driver.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.Redactor;
import dev.kiln.driver.exec.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python contexts over a local SparkSession: results, Spark, cancel, isolation, crashes. */
class PythonInterpreterTest {
  private static final AtomicInteger COMMANDS = new AtomicInteger();
  @TempDir static Path work;
  private static SparkSession spark;
  private static PythonEnvironment env;
  private static PythonInterpreter a;
  private static PythonInterpreter b;

  @BeforeAll
  static void start() throws Exception {
    env =
        new PythonEnvironment(
            Path.of(System.getProperty("kiln.python")),
            Path.of(System.getProperty("kiln.python.path")));
    assumeTrue(
        Files.isExecutable(env.python()),
        "no Python runtime at " + env.python() + ": run scripts/python-runtime.sh");
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("python-interpreter-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    long t0 = System.nanoTime();
    a = PythonInterpreter.start(spark, new PythonContext("ctx-a", "ann", work.resolve("a")), env);
    long t1 = System.nanoTime();
    System.out.printf("context create: %d ms%n", TimeUnit.NANOSECONDS.toMillis(t1 - t0));
    b = PythonInterpreter.start(spark, new PythonContext("ctx-b", "bob", work.resolve("b")), env);
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (spark != null) {
      spark.stop();
    }
  }

  private static Result run(PythonInterpreter interpreter, String code) throws Exception {
    return interpreter.execute(code, scope(null));
  }

  static CommandScope scope(Redactor redactor) {
    String id = "c" + COMMANDS.incrementAndGet();
    return new CommandScope("ctx", id, "ann", "group-" + id, null, redactor);
  }

  private static String text(Result result) {
    assertThat(result).isInstanceOf(Result.Text.class);
    return ((Result.Text) result).data();
  }

  @Test
  void lastExpressionIsPrintedAfterTheOutput() throws Exception {
    long t0 = System.nanoTime();
    assertThat(text(run(a, "1+1"))).isEqualTo("2\n");
    System.out.printf("1+1: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertThat(text(run(a, "print('hello')\nx = 40\nx + 2"))).isEqualTo("hello\n42\n");
    assertThat(text(run(a, "None"))).isEmpty();
    assertThat(text(run(a, "'s'"))).isEqualTo("'s'\n");
    long t1 = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      run(a, "1+1");
    }
    System.out.printf("1+1 warm: %.2f ms each%n", (System.nanoTime() - t1) / 20e6);
  }

  @Test
  void sparkRunsFromPython() throws Exception {
    assertThat(text(run(a, "spark.range(10).count()"))).isEqualTo("10\n");
    assertThat(text(run(a, "sc.parallelize(range(5), 2).map(lambda v: v * v).sum()")))
        .isEqualTo("30\n");
    String udf =
        """
        from pyspark.sql.functions import udf
        plus = udf(lambda v: v + 1, 'long')
        spark.range(3).select(plus('id').alias('x')).collect()""";
    assertThat(text(run(a, udf))).isEqualTo("[Row(x=1), Row(x=2), Row(x=3)]\n");
  }

  @Test
  void displayMakesATable() throws Exception {
    Result result = run(a, "display(spark.range(3).selectExpr('id', 'cast(id as string) s'))");
    assertThat(result).isInstanceOf(Result.Table.class);
    Result.Table table = (Result.Table) result;
    assertThat(table.schema())
        .containsExactly(
            Map.of("name", "id", "type", "\"long\"", "metadata", "{}"),
            Map.of("name", "s", "type", "\"string\"", "metadata", "{}"));
    assertThat(table.rows()).containsExactly(List.of(0L, "0"), List.of(1L, "1"), List.of(2L, "2"));
    assertThat(table.truncated()).isFalse();
    assertThat(text(run(a, "display([1, 2])"))).isEqualTo("[1, 2]\n");
    Result pandas = run(a, "import pandas as pd\ndisplay(pd.DataFrame({'a': [1, 2]}))");
    assertThat(((Result.Table) pandas).rows()).containsExactly(List.of(1L), List.of(2L));
    Result many = run(a, "display(spark.range(1500))");
    assertThat(((Result.Table) many).rows()).hasSize(PythonInterpreter.MAX_ROWS);
    assertThat(((Result.Table) many).truncated()).isTrue();
  }

  @Test
  void figuresBecomeImages() throws Exception {
    Result result = run(a, "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nNone");
    assertThat(result).isInstanceOf(Result.Image.class);
    assertThat(((Result.Image) result).fileName()).startsWith("data:image/png;base64,iVBOR");
    assertThat(text(run(a, "plt.get_fignums()"))).isEqualTo("[]\n");
  }

  @Test
  void dbutilsMakesJavaArrays() throws Exception {
    assertThat(text(run(a, "list(dbutils._string_array(['x', 'y']))"))).isEqualTo("['x', 'y']\n");
  }

  @Test
  void errorsCarryTheSummaryAndTheTrace() throws Exception {
    Result result = run(a, "print('before')\n1/0");
    assertThat(result).isInstanceOf(Result.Error.class);
    Result.Error error = (Result.Error) result;
    assertThat(error.summary()).isEqualTo("ZeroDivisionError: division by zero");
    assertThat(error.cause()).startsWith("before\n").contains("Traceback").contains("1/0");
    assertThat(error.cause()).doesNotContain("kiln_driver");
    Result syntax = run(a, "def (");
    assertThat(((Result.Error) syntax).summary()).startsWith("SyntaxError");
    Result analysis = run(a, "spark.sql('select nope').collect()");
    assertThat(((Result.Error) analysis).summary()).contains("nope").doesNotContain("\tat ");
    assertThat(text(run(a, "'still alive'"))).isEqualTo("'still alive'\n");
  }

  @Test
  void notebookExitEndsTheCommandWithItsValue() throws Exception {
    assertThat(text(run(a, "print('x')\ndbutils.notebook.exit('done')\nprint('never')")))
        .isEqualTo("done");
  }

  @Test
  void secretsAreRedacted() throws Exception {
    Redactor redactor = new Redactor();
    redactor.register("s3cret");
    Result result = a.execute("print('pw=s3cret')", scope(redactor));
    assertThat(text(result)).isEqualTo("pw=[REDACTED]\n");
  }

  @Test
  void contextsAreIsolatedAndShareTheSession() throws Exception {
    run(a, "only_a = 1\nspark.range(5).createOrReplaceGlobalTempView('shared_view')");
    Result missing = run(b, "only_a");
    assertThat(((Result.Error) missing).summary())
        .isEqualTo("NameError: name 'only_a' is not defined");
    assertThat(text(run(b, "spark.table('global_temp.shared_view').count()"))).isEqualTo("5\n");
    assertThat(a.pid()).isNotEqualTo(b.pid());
  }

  @Test
  void cancelStopsPurePython() throws Exception {
    assertCancels("import time\ntime.sleep(60)");
    assertCancels("while True:\n  pass");
    assertThat(text(run(b, "'after'"))).isEqualTo("'after'\n");
  }

  @Test
  void cancelStopsASparkJob() throws Exception {
    assertCancels(
        "import time\n" + "sc.parallelize(range(4), 4).map(lambda v: time.sleep(60) or v).count()");
    assertThat(text(run(b, "spark.range(3).count()"))).isEqualTo("3\n");
    assertThat(spark.sparkContext().statusTracker().getActiveJobIds()).isEmpty();
  }

  private static void assertCancels(String code) throws Exception {
    CompletableFuture<Result> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(b, code);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1500);
    long t0 = System.nanoTime();
    b.cancel();
    Result r = result.get(20, TimeUnit.SECONDS);
    System.out.printf("cancel: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertThat(r).isEqualTo(PythonInterpreter.cancelled());
  }

  @Test
  void aDeadProcessIsReportedAndTheContextCanBeRecreated() throws Exception {
    PythonInterpreter c =
        PythonInterpreter.start(spark, new PythonContext("ctx-c", "ann", work.resolve("c")), env);
    try {
      Result died = run(c, "import os\nos._exit(3)");
      assertThat(((Result.Error) died).summary())
          .startsWith("PythonProcessDied")
          .contains("code 3");
      assertThat(((Result.Error) run(c, "1")).summary()).startsWith("PythonProcessDied");
    } finally {
      c.close();
    }
    PythonInterpreter again =
        PythonInterpreter.start(spark, new PythonContext("ctx-c", "ann", work.resolve("c")), env);
    try {
      assertThat(text(run(again, "1+1"))).isEqualTo("2\n");
    } finally {
      again.close();
      assertThat(ProcessHandle.of(again.pid()).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
    }
  }
}
