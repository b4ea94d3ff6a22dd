package dev.kiln.model.jobs;

/** The kind of a run's end ({@code status.termination_details.type}). */
public enum TerminationTypeType {
  SUCCESS,
  INTERNAL_ERROR,
  CLIENT_ERROR,
  CLOUD_FAILURE
}
