package dev.kiln.node;

import dev.kiln.model.node.NodeSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.DeployMessages;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * A worker node: a Spark Worker in this JVM that registers with the driver's Master and forks
 * executors from {@code $SPARK_HOME/jars} into {@code <nodeDir>/work}.
 */
final class WorkerRole implements SparkRole {
  private static final Logger log = LoggerFactory.getLogger(WorkerRole.class);

  private final NodeSpec spec;
  private final Path nodeDir;
  private volatile RpcEnv env;
  private volatile int uiPort;

  WorkerRole(NodeSpec spec, Path nodeDir) {
    this.spec = spec;
    this.nodeDir = nodeDir;
  }

  @Override
  public void start(Runnable news) throws IOException {
    SparkConf conf = new SparkConf(false);
    spec.sparkConf().forEach(conf::set);
    SparkRpcSecurity.apply(spec.sparkSecret(), conf::set);
    Path workDir = Files.createDirectories(nodeDir.resolve("work"));
    // Worker has no way to tell its bound UI port, so it gets one that was free a moment ago.
    uiPort = freePort();
    int memoryMb = executorMemoryMb(spec);
    env =
        Worker.startRpcEnvAndEndpoint(
            "127.0.0.1",
            0,
            uiPort,
            Math.max(1, spec.cores()),
            memoryMb,
            new String[] {spec.masterUrl()},
            workDir.toString(),
            Option.empty(),
            conf,
            Option.empty());
    log.info(
        "Worker up on port {} (UI port {}), offering {} cores and {} MB to {}",
        env.address().port(),
        uiPort,
        spec.cores(),
        memoryMb,
        spec.masterUrl());
  }

  /** What the Worker offers executors: {@code worker_memory_mb}, else the budget less 1 GB. */
  static int executorMemoryMb(NodeSpec spec) {
    if (spec.workerMemoryMb() > 0) {
      return spec.workerMemoryMb();
    }
    return Math.max(512, spec.memoryMb() - 1024);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public RoleStatus status() {
    RpcEnv e = env;
    return e == null ? RoleStatus.NONE : RoleStatus.worker(e.address().port(), uiPort);
  }

  @Override
  public Optional<String> problem() {
    return Optional.empty();
  }

  /** Has the Worker decommission itself, as on SIGPWR (needs spark.decommission.enabled). */
  @Override
  public boolean decommission() {
    RpcEnv e = env;
    if (e == null) {
      return false;
    }
    log.info("Decommissioning the Worker");
    e.setupEndpointRef(e.address(), Worker.ENDPOINT_NAME())
        .send(DeployMessages.WorkerDecommissionSigReceived$.MODULE$);
    return true;
  }

  @Override
  public void stop() {
    RpcEnv e = env;
    if (e != null) {
      log.info("Stopping the Worker and its executors");
      e.shutdown();
      e.awaitTermination();
    }
  }
}
