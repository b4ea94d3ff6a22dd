package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RepairHistoryItemType;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.TerminationCodeCode;

/** One entry of a run's repair history as stored; {@code taskRunIds} is a JSON array. */
public record RunRepairRow(
    long repairId,
    long jobRunId,
    RepairHistoryItemType repairType,
    long startTime,
    Long endTime,
    RunLifeCycleState lifeCycleState,
    RunResultState resultState,
    String stateMessage,
    TerminationCodeCode terminationCode,
    String taskRunIds) {}
