package dev.kiln.model.jobs;

/** The classic state of a run. */
public record RunState(
    RunLifeCycleState lifeCycleState,
    RunResultState resultState,
    String stateMessage,
    Boolean userCancelledOrTimedout,
    String queueReason) {}
