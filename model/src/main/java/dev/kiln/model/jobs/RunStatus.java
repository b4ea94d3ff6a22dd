package dev.kiln.model.jobs;

/** The v2 state of a run: {@code state}, plus why it is queued or how it ended. */
public record RunStatus(
    RunLifecycleStateV2State state,
    TerminationDetails terminationDetails,
    QueueDetails queueDetails) {}
