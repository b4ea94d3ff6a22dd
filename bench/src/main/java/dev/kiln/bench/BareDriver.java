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
 * <p>Meanwhile each line {@code <times>\t<sql>} on its standard input runs {@code
 * spark.sql(sql).collect()} that many times and answers one line {@code RESULT <ns>,<ns>,...}, the
 * time of each run (or {@code RESULT ERROR <message>}): the execution benchmark's "by hand" side.
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
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      System.out.println("RESULT " + run(session, line));
    }
    session.stop();
  }

  /** The times of {@code <times>\t<sql>}, in ns, comma-separated. */
  private static String run(SparkSession session, String request) {
    int tab = request.indexOf('\t');
    try {
      int times = Integer.parseInt(request.substring(0, tab));
      String sql = request.substring(tab + 1);
      StringBuilder nanos = new StringBuilder();
      for (int i = 0; i < times; i++) {
        long start = System.nanoTime();
        session.sql(sql).collect();
        nanos.append(i == 0 ? "" : ",").append(System.nanoTime() - start);
      }
      return nanos.toString();
    } catch (RuntimeException e) {
      return "ERROR " + e.toString().replace('\n', ' ');
    }
  }
}
