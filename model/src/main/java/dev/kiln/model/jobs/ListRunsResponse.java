package dev.kiln.model.jobs;

import java.util.List;

/** {@code jobs/runs/list}. */
public record ListRunsResponse(
    List<Run> runs, Boolean hasMore, String nextPageToken, String prevPageToken) {}
