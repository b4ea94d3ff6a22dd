package dev.kiln.model.jobs;

/** The original run or one of its repairs. */
public enum RepairHistoryItemType {
  ORIGINAL,
  REPAIR
}
