package dev.kiln.model.jobs;

/** The comparison of a condition task. */
public enum ConditionTaskOp {
  EQUAL_TO,
  NOT_EQUAL,
  GREATER_THAN,
  GREATER_THAN_OR_EQUAL,
  LESS_THAN,
  LESS_THAN_OR_EQUAL
}
