package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job as {@code jobs/get} and {@code jobs/list} return it. {@code settings} is JSON because its
 * shape depends on the API version (the 2.0 single-task format, or a page of the 2.2 arrays).
 */
public record Job(
    Long jobId,
    String creatorUserName,
    String runAsUserName,
    Long createdTime,
    JsonNode settings,
    Boolean hasMore,
    String nextPageToken,
    JsonNode triggerState) {}
