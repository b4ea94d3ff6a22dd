package dev.kiln.node.standby;

import java.io.IOException;
import java.util.List;
import org.apache.spark.deploy.Command;
import org.apache.spark.launcher.WorkerCommandBuilder;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** The command line a Worker writes for an executor, built by Spark's own builder. */
final class ExecutorCommand {
  private ExecutorCommand() {}

  /** The {@code -cp} of an executor of a cluster without extra class path entries. */
  static String classPath(String sparkHome, int heapMb) throws IOException {
    Seq<String> none = CollectionConverters.asScala(List.<String>of()).toSeq();
    Command command =
        new Command(StandbyTerms.EXECUTOR_MAIN, none, Map$.MODULE$.empty(), none, none, none);
    List<String> line = new WorkerCommandBuilder(sparkHome, heapMb, command).buildCommand();
    int cp = line.indexOf("-cp");
    if (cp < 0 || cp + 1 >= line.size()) {
      throw new IOException("Spark's executor command has no class path: " + line);
    }
    return line.get(cp + 1);
  }
}
