package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertOk;
import static dev.kiln.it.JobsCalls.awaitEnd;
import static dev.kiln.it.JobsCalls.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.SparkJarTask;
import com.databricks.sdk.service.jobs.SparkSubmitTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import com.databricks.sdk.service.jobs.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jar and spark-submit tasks on the shared Single Node cluster, through the official SDK, with a
 * jar compiled by the test against the runtime's Spark: its main counts on executors, can fail,
 * exit or loop until cancelled.
 */
@SharedCluster.OnSharedCluster
class JobsJarIT extends ServerIT {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final String MAIN = "kiln.jartest.CountMain";
  private static String clusterId;
  private static String jar;

  /**
   * Prints its arguments, counts the even numbers below args[0] on executors, then does args[1].
   */
  private static final String SOURCE =
      """
      package kiln.jartest;

      import org.apache.hadoop.fs.FSDataOutputStream;
      import org.apache.hadoop.fs.FileSystem;
      import org.apache.spark.sql.SparkSession;

      public class CountMain {
        public static void main(String[] args) throws Exception {
          SparkSession spark = SparkSession.builder().getOrCreate();
          System.out.println("args " + String.join(",", args));
          long even = spark.range(Long.parseLong(args[0])).repartition(2).filter("id % 2 = 0").count();
          System.out.println("even " + even);
          System.err.println("partitions " + spark.conf().get("spark.sql.shuffle.partitions"));
          String what = args.length > 1 ? args[1] : "";
          if (what.equals("fail")) {
            throw new IllegalStateException("asked to fail");
          }
          if (what.equals("exit")) {
            System.exit(Integer.parseInt(args[2]));
          }
          if (what.equals("loop")) {
            org.apache.hadoop.fs.Path counter = new org.apache.hadoop.fs.Path(args[2]);
            FileSystem fs = counter.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (int i = 0; i < 3000; i++) {
              try (FSDataOutputStream out = fs.create(counter, true)) {
                out.writeBytes(Integer.toString(i));
              }
              Thread.sleep(100);
            }
          }
          System.out.println("done");
        }
      }
      """;

  @BeforeAll
  static void startClusterAndUploadJar() throws Exception {
    Path dir = Files.createTempDirectory("kiln-jar-task-");
    byte[] bytes =
        TestJars.compile(
            dir, MAIN, SOURCE, TestJars.jarsIn(NodeProcess.runtimeDir().resolve("jars")));
    jar = "dbfs:/jobs-jar-it/count-" + UUID.randomUUID() + ".jar";
    putDbfs(jar, bytes);
    clusterId = SharedCluster.clusterId();
  }

  private static void putDbfs(String path, byte[] bytes) {
    assertOk(
        server.call(
            "POST",
            "/api/2.0/dbfs/put",
            "{\"path\":\""
                + path
                + "\",\"overwrite\":true,\"contents\":\""
                + Base64.getEncoder().encodeToString(bytes)
                + "\"}"));
  }

  private static String readDbfs(String path) {
    var r = server.call("GET", "/api/2.0/dbfs/read?path=" + path, null);
    if (r.statusCode() != 200) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(ApiAssertions.json(r).path("data").asText()),
        StandardCharsets.UTF_8);
  }

  private static Task jarTask(String... params) {
    return new Task()
        .setTaskKey("main")
        .setExistingClusterId(clusterId)
        .setLibraries(List.of(new Library().setJar(jar)))
        .setSparkJarTask(new SparkJarTask().setMainClassName(MAIN).setParameters(List.of(params)));
  }

  private static Task submitTask(String... params) {
    return new Task()
        .setTaskKey("main")
        .setExistingClusterId(clusterId)
        .setSparkSubmitTask(new SparkSubmitTask().setParameters(List.of(params)));
  }

  private static long job(String name, Task task) {
    return admin.jobs().create(new CreateJob().setName(name).setTasks(List.of(task))).getJobId();
  }

  private static long runNow(long jobId, List<String> jarParams) {
    return admin
        .jobs()
        .runNow(new RunNow().setJobId(jobId).setJarParams(jarParams))
        .getResponse()
        .getRunId();
  }

  private static RunOutput output(Run run) {
    return admin.jobs().getRunOutput(task(run, "main").getRunId());
  }

  @Test
  void aJarTaskRunsItsMainOnTheClustersSessionAndKeepsWhatItPrinted() {
    long id = job("jar", jarTask("10", "{{job.id}}"));
    Run ok = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(ok.getState().getResultState())
        .as(ok.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    RunOutput out = output(ok);
    assertThat(out.getLogs())
        .contains("args 10," + id)
        .contains("even 5")
        .contains("partitions ")
        .contains("done");
    assertThat(out.getLogsTruncated()).isFalse();
    assertThat(out.getError()).isNull();

    Run withJarParams = awaitEnd(admin, runNow(id, List.of("100")), RUN);
    assertThat(withJarParams.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(output(withJarParams).getLogs()).contains("args 100\n").contains("even 50");
  }

  @Test
  void anExceptionOrANonZeroExitFailsTheTaskAndExitZeroEndsItWell() {
    long id = job("jar-fail", jarTask("4"));
    Run failed = awaitEnd(admin, runNow(id, List.of("4", "fail")), RUN);
    assertThat(failed.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    RunOutput error = output(failed);
    assertThat(error.getError()).contains("IllegalStateException").contains("asked to fail");
    assertThat(error.getErrorTrace()).contains("at kiln.jartest.CountMain.main");
    assertThat(error.getLogs()).contains("args 4,fail").contains("even 2");

    Run exited = awaitEnd(admin, runNow(id, List.of("4", "exit", "3")), RUN);
    assertThat(exited.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(output(exited).getError()).contains("System.exit(3)");

    Run exitZero = awaitEnd(admin, runNow(id, List.of("4", "exit", "0")), RUN);
    assertThat(exitZero.getState().getResultState())
        .as("exit(0) is a good end, and the driver survived the exits")
        .isEqualTo(RunResultState.SUCCESS);
    assertThat(output(exitZero).getLogs()).contains("even 2").doesNotContain("done");

    Run missing =
        awaitEnd(
            admin,
            admin
                .jobs()
                .submit(
                    new com.databricks.sdk.service.jobs.SubmitRun()
                        .setTasks(
                            List.of(
                                new com.databricks.sdk.service.jobs.SubmitTask()
                                    .setTaskKey("main")
                                    .setExistingClusterId(clusterId)
                                    .setSparkJarTask(
                                        new SparkJarTask().setMainClassName("kiln.NoSuchMain")))))
                .getResponse()
                .getRunId(),
            RUN);
    assertThat(missing.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(output(missing).getError()).contains("kiln.NoSuchMain was not found");
  }

  @Test
  void aCancelStopsTheMainOnTheCluster() throws Exception {
    String counter = "dbfs:/jobs-jar-it/counter-" + UUID.randomUUID();
    long id = job("jar-loop", jarTask("2", "loop", counter));
    long runId = runNow(id, null);
    Awaitility.await().atMost(RUN).until(() -> readDbfs(counter) != null);
    admin.jobs().cancelRun(runId);
    Run canceled = awaitEnd(admin, runId, Duration.ofSeconds(30));
    assertThat(canceled.getState().getResultState()).isEqualTo(RunResultState.CANCELED);
    Thread.sleep(1000);
    String stoppedAt = readDbfs(counter);
    Thread.sleep(1500);
    assertThat(readDbfs(counter)).as("the loop on the driver stopped").isEqualTo(stoppedAt);
  }

  @Test
  void aSparkSubmitTaskRunsTheApplicationJarWithItsConfsAndNotesWhatItIgnores() {
    long id =
        job(
            "submit",
            submitTask(
                "--master",
                "yarn",
                "--class",
                MAIN,
                "--conf",
                "spark.sql.shuffle.partitions=7",
                "--conf",
                "spark.executor.memory=1g",
                jar,
                "20"));
    Run ok = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(ok.getState().getResultState())
        .as(ok.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    assertThat(output(ok).getLogs())
        .contains("spark-submit --master yarn: ignored")
        .contains("spark.sql.shuffle.partitions: set for this run")
        .contains("spark.executor.memory: not applicable")
        .contains("args 20")
        .contains("even 10")
        .contains("partitions 7");

    long failing = job("submit-fail", submitTask("--class", MAIN, jar, "6", "fail"));
    Run failed = awaitEnd(admin, runNow(failing, null), RUN);
    assertThat(failed.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(output(failed).getError()).contains("asked to fail");
  }

  @Test
  void aSparkSubmitTaskOnANewClusterRunsThereAndTheClusterEndsWithTheRun() {
    var spec = ClusterCalls.singleNode("submit-cluster");
    long runId =
        admin
            .jobs()
            .submit(
                new SubmitRun()
                    .setRunName("submit on a new cluster")
                    .setTasks(
                        List.of(
                            new SubmitTask()
                                .setTaskKey("main")
                                .setNewCluster(
                                    new ClusterSpec()
                                        .setSparkVersion(spec.getSparkVersion())
                                        .setNodeTypeId(spec.getNodeTypeId())
                                        .setNumWorkers(0L)
                                        .setSparkConf(spec.getSparkConf())
                                        .setCustomTags(spec.getCustomTags()))
                                .setSparkSubmitTask(
                                    new SparkSubmitTask()
                                        .setParameters(List.of("--class", MAIN, jar, "8"))))))
            .getResponse()
            .getRunId();
    Run run = awaitEnd(admin, runId, RUN);
    String jobCluster = task(run, "main").getClusterInstance().getClusterId();
    try {
      assertThat(run.getState().getResultState())
          .as(run.getState().getStateMessage())
          .isEqualTo(RunResultState.SUCCESS);
      assertThat(jobCluster).isNotEqualTo(clusterId);
      assertThat(output(run).getLogs()).contains("args 8").contains("even 4");
      ClusterDetails ended =
          Awaitility.await()
              .atMost(RUN)
              .pollInterval(Duration.ofMillis(500))
              .until(() -> admin.clusters().get(jobCluster), c -> c.getState() == State.TERMINATED);
      assertThat(ended.getTerminationReason().getCode())
          .isEqualTo(TerminationReasonCode.JOB_FINISHED);
      ClusterCalls.assertNoProcessesLeft(jobCluster);
    } finally {
      ClusterCalls.killLeftovers(jobCluster);
    }
  }

  @Test
  void aSparkSubmitTaskRunsAPythonApplicationWithItsPyFiles() {
    String dir = "dbfs:/jobs-jar-it/py-" + UUID.randomUUID();
    putDbfs(
        dir + "/helper.py", "def double(x):\n    return 2 * x\n".getBytes(StandardCharsets.UTF_8));
    putDbfs(
        dir + "/main.py",
        """
        import sys
        import helper
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.getOrCreate()
        print('args', sys.argv[1:])
        print('doubled', helper.double(spark.range(int(sys.argv[1])).count()))
        """
            .getBytes(StandardCharsets.UTF_8));
    long id = job("submit-py", submitTask("--py-files", dir + "/helper.py", dir + "/main.py", "5"));
    Run ok = awaitEnd(admin, runNow(id, null), RUN);
    assertThat(ok.getState().getResultState())
        .as(ok.getState().getStateMessage())
        .isEqualTo(RunResultState.SUCCESS);
    assertThat(output(ok).getLogs()).contains("args ['5']").contains("doubled 10");
  }

  @Test
  void badJarAndSubmitTasksAreRefusedWhenTheJobIsCreated() {
    for (Task bad :
        List.of(
            jarTask().setSparkJarTask(new SparkJarTask()),
            jarTask().setSparkJarTask(new SparkJarTask().setMainClassName(" ")),
            submitTask("--class", MAIN),
            submitTask("--conf", "novalue", jar),
            submitTask("--class", MAIN, "main.py"),
            submitTask("--help"))) {
      assertThatThrownBy(() -> job("bad", bad))
          .isInstanceOf(DatabricksError.class)
          .satisfies(
              e ->
                  assertThat(((DatabricksError) e).getErrorCode())
                      .isEqualTo("INVALID_PARAMETER_VALUE"));
    }
  }
}
