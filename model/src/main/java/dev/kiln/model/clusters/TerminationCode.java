package dev.kiln.model.clusters;

import static dev.kiln.model.clusters.TerminationReasonType.CLIENT_ERROR;
import static dev.kiln.model.clusters.TerminationReasonType.CLOUD_FAILURE;
import static dev.kiln.model.clusters.TerminationReasonType.SERVICE_FAULT;
import static dev.kiln.model.clusters.TerminationReasonType.SUCCESS;

/**
 * The termination reason codes Kiln sends (a subset of Databricks' ~200), each with the type
 * Databricks reports it under unless there is a reason to say otherwise. On Kiln a cloud failure
 * means the host could not give what was asked (e.g. no memory left: {@link
 * #CLOUD_PROVIDER_RESOURCE_STOCKOUT}).
 */
public enum TerminationCode {
  USER_REQUEST(SUCCESS),
  INACTIVITY(SUCCESS),
  JOB_FINISHED(SUCCESS),
  INTERNAL_ERROR(SERVICE_FAULT),
  UNKNOWN(SERVICE_FAULT),
  INVALID_ARGUMENT(CLIENT_ERROR),
  /** Spark did not come up; on Kiln that is most often a bad {@code spark_conf}. */
  SPARK_STARTUP_FAILURE(CLIENT_ERROR),
  SPARK_ERROR(SERVICE_FAULT),
  DRIVER_UNREACHABLE(SERVICE_FAULT),
  DRIVER_UNRESPONSIVE(SERVICE_FAULT),
  DRIVER_OUT_OF_MEMORY(CLIENT_ERROR),
  COMMUNICATION_LOST(CLOUD_FAILURE),
  CLOUD_PROVIDER_SHUTDOWN(CLOUD_FAILURE),
  CLOUD_PROVIDER_LAUNCH_FAILURE(CLOUD_FAILURE),
  CLOUD_PROVIDER_RESOURCE_STOCKOUT(CLOUD_FAILURE),
  INIT_SCRIPT_FAILURE(CLIENT_ERROR),
  GLOBAL_INIT_SCRIPT_FAILURE(CLIENT_ERROR),
  INSTANCE_POOL_CLUSTER_FAILURE(CLOUD_FAILURE),
  INSTANCE_POOL_MAX_CAPACITY_REACHED(CLIENT_ERROR),
  INSTANCE_POOL_NOT_FOUND(CLIENT_ERROR),
  UNEXPECTED_LAUNCH_FAILURE(SERVICE_FAULT),
  DOCKER_IMAGE_PULL_FAILURE(CLIENT_ERROR),
  BOOTSTRAP_TIMEOUT(CLOUD_FAILURE),
  TRIAL_EXPIRED(CLIENT_ERROR),
  REQUEST_REJECTED(SERVICE_FAULT),
  SECRET_RESOLUTION_ERROR(CLIENT_ERROR),
  METASTORE_COMPONENT_UNHEALTHY(SERVICE_FAULT),
  DBFS_COMPONENT_UNHEALTHY(SERVICE_FAULT),
  SPOT_INSTANCE_TERMINATION(CLOUD_FAILURE),
  WORKER_SETUP_FAILURE(SERVICE_FAULT);

  private final TerminationReasonType defaultType;

  TerminationCode(TerminationReasonType defaultType) {
    this.defaultType = defaultType;
  }

  public TerminationReasonType defaultType() {
    return defaultType;
  }
}
