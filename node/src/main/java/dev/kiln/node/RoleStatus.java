package dev.kiln.node;

import dev.kiln.model.node.SparkWorkerInfo;
import java.util.List;

/** The Spark part of a node's status; fields a role does not have are null. */
record RoleStatus(
    Integer sparkRpcPort,
    Integer sparkUiPort,
    Integer masterUiPort,
    String masterUrl,
    String appId,
    List<SparkWorkerInfo> workers,
    Integer executors,
    Integer activeJobs,
    Long activityCount,
    Integer activeCommands,
    Integer sparkConnectPort,
    Integer pendingTasks,
    Integer runningTasks,
    Integer taskSlots) {

  static final RoleStatus NONE =
      new RoleStatus(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  static RoleStatus worker(int rpcPort, int uiPort) {
    return new RoleStatus(
        rpcPort, uiPort, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
