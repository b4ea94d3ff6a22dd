package dev.kiln.driver.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.driver.exec.CommandScope;
import dev.kiln.driver.exec.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python code on executors in their own JVMs, as on a Kiln cluster: a Master and a Worker in this
 * JVM whose executor runs from the assembled Kiln Runtime ({@code SPARK_HOME}), its Python workers
 * from the runtime's venv. Skipped until the runtime and its venv exist.
 */
class PythonOnStandaloneClusterTest {
  @TempDir Path work;

  @Test
  void lambdasAndUdfsRunOnAnExecutorProcess() throws Exception {
    String home = System.getenv("SPARK_HOME");
    assumeTrue(home != null && Files.isDirectory(Path.of(home, "jars")), "no Kiln Runtime");
    Path python = Path.of(home, "python", "venv", "bin", "python");
    assumeTrue(Files.isExecutable(python), "no runtime venv: run scripts/python-runtime.sh");
    SparkConf masterConf = new SparkConf(false).set("spark.master.rest.enabled", "false");
    RpcEnv master = Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, masterConf)._1();
    String url = "spark://127.0.0.1:" + master.address().port();
    RpcEnv worker =
        Worker.startRpcEnvAndEndpoint(
            "127.0.0.1",
            0,
            0,
            1,
            1024,
            new String[] {url},
            work.resolve("worker").toString(),
            scala.Option.empty(),
            new SparkConf(false),
            scala.Option.empty());
    SparkSession spark =
        SparkSession.builder()
            .master(url)
            .appName("python-standalone-test")
            .config("spark.executor.memory", "512m")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    PythonEnvironment env =
        new PythonEnvironment(python, Path.of(System.getProperty("kiln.python.path")));
    try (PythonInterpreter p =
        PythonInterpreter.start(spark, new PythonContext("s", "ann", work.resolve("ctx")), env)) {
      Result pids =
          p.execute(
              """
              import os
              pids = set(sc.parallelize(range(4), 2).map(lambda v: os.getppid()).collect())
              len(pids), os.getpid() in pids""",
              new CommandScope("s", "c1", "ann", "g1", null, null));
      assertThat(pids).isEqualTo(new Result.Text("(1, False)\n"));
      Result udf =
          p.execute(
              """
              from pyspark.sql.functions import udf
              spark.range(3).select(udf(lambda v: v * 2, 'long')('id')).collect()[2][0]""",
              new CommandScope("s", "c2", "ann", "g2", null, null));
      assertThat(udf).isEqualTo(new Result.Text("4\n"));
    } finally {
      spark.stop();
      worker.shutdown();
      master.shutdown();
    }
  }
}
