package dev.kiln.model.jobs;

/** Why a run ended ({@code status.termination_details.code}), with the type each code implies. */
public enum TerminationCodeCode {
  SUCCESS(TerminationTypeType.SUCCESS),
  SUCCESS_WITH_FAILURES(TerminationTypeType.SUCCESS),
  CANCELED(TerminationTypeType.SUCCESS),
  USER_CANCELED(TerminationTypeType.SUCCESS),
  RUN_EXECUTION_ERROR(TerminationTypeType.CLIENT_ERROR),
  DRIVER_ERROR(TerminationTypeType.INTERNAL_ERROR),
  CLUSTER_ERROR(TerminationTypeType.INTERNAL_ERROR),
  INTERNAL_ERROR(TerminationTypeType.INTERNAL_ERROR),
  LIBRARY_INSTALLATION_ERROR(TerminationTypeType.CLIENT_ERROR),
  MAX_CONCURRENT_RUNS_EXCEEDED(TerminationTypeType.CLIENT_ERROR),
  MAX_JOB_QUEUE_SIZE_EXCEEDED(TerminationTypeType.CLIENT_ERROR),
  SKIPPED(TerminationTypeType.SUCCESS),
  DISABLED(TerminationTypeType.CLIENT_ERROR),
  INVALID_CLUSTER_REQUEST(TerminationTypeType.CLIENT_ERROR),
  INVALID_RUN_CONFIGURATION(TerminationTypeType.CLIENT_ERROR),
  RESOURCE_NOT_FOUND(TerminationTypeType.CLIENT_ERROR),
  CLOUD_FAILURE(TerminationTypeType.CLOUD_FAILURE);

  private final TerminationTypeType type;

  TerminationCodeCode(TerminationTypeType type) {
    this.type = type;
  }

  public TerminationTypeType type() {
    return type;
  }
}
