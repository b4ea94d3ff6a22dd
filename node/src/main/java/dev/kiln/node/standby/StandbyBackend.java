package dev.kiln.node.standby;

import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.executor.CoarseGrainedExecutorBackend;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.rpc.RpcEnv;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The executor's backend in a standby JVM: Spark's own, but its log links come from the launch (the
 * Worker put them in the launcher's environment, not in this JVM's).
 */
final class StandbyBackend extends CoarseGrainedExecutorBackend {
  private final scala.collection.immutable.Map<String, String> logUrls;

  StandbyBackend(
      RpcEnv rpcEnv,
      CoarseGrainedExecutorBackend.Arguments arguments,
      SparkEnv env,
      ResourceProfile profile,
      Map<String, String> logUrls) {
    super(
        rpcEnv,
        arguments.driverUrl(),
        arguments.executorId(),
        arguments.bindAddress(),
        arguments.hostname(),
        arguments.cores(),
        env,
        arguments.resourcesFileOpt(),
        profile);
    this.logUrls = scala.collection.immutable.Map.from(CollectionConverters.asScala(logUrls));
  }

  @Override
  public scala.collection.immutable.Map<String, String> extractLogUrls() {
    return logUrls;
  }
}
