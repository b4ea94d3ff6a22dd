package dev.kiln.model.jobs;

/** {@code jobs/runs/repair}. */
public record RepairRunResponse(Long repairId) {}
