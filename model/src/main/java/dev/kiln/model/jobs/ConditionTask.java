package dev.kiln.model.jobs;

/** {@code condition_task}: compares two values; numbers numerically, anything else as text. */
public record ConditionTask(ConditionTaskOp op, String left, String right) {}
