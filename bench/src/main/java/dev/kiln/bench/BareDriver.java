package dev.kiln.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The "by hand" driver of {@link ClustersBench}: a SparkSession against a standalone Master, run in
 * its own JVM on the Kiln Runtime's classpath (not in the benchmark's). It prints {@code SESSION}
 * once the session is created and {@code EXECUTORS} once the wanted number of executors registered,
 * then stays until its standard input ends or it gets SIGTERM (Spark's hook stops the context).
 *
 * <p>Usage: {@code BareDriver <masterUrl> <executors> <tag>}; the tag goes on every executor's
 * command line ({@code -Dkiln.bench=<tag>}), so the benchmark finds and stops them.
 */
public final class BareDriver {
  private BareDriver() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String master = args[0];
    int executors = Integer.parseInt(args[1]);
    SparkSession session =
        SparkSession.builder()
            .master(master)
            .appName("kiln-bench-by-hand")
            .config("spark.ui.port", "0")
            .config("spark.executor.memory", "1536m")
            .config("spark.executor.extraJavaOptions", "-Dkiln.bench=" + args[2])
            .getOrCreate();
    System.out.println("SESSION");
    SparkContext sc = session.sparkContext();
    // getExecutorInfos includes the driver.
    while (sc.statusTracker().getExecutorInfos().length - 1 < executors) {
      Thread.sleep(10);
    }
    System.out.println("EXECUTORS");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // Wait for the end of input.
    }
    session.stop();
  }
}
