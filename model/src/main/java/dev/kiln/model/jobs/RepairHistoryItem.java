package dev.kiln.model.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The original run or a repair of it, with the task runs it made. */
public record RepairHistoryItem(
    @JsonProperty("type") RepairHistoryItemType type,
    Long id,
    Long startTime,
    Long endTime,
    RunState state,
    RunStatus status,
    List<Long> taskRunIds) {}
