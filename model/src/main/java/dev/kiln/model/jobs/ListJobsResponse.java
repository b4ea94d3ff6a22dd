package dev.kiln.model.jobs;

import java.util.List;

/** {@code jobs/list}. */
public record ListJobsResponse(
    List<Job> jobs, Boolean hasMore, String nextPageToken, String prevPageToken) {}
