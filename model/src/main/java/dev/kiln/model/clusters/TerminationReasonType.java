package dev.kiln.model.clusters;

/** Whose doing a termination was. */
public enum TerminationReasonType {
  SUCCESS,
  CLIENT_ERROR,
  SERVICE_FAULT,
  CLOUD_FAILURE
}
