package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code jobs/reset}: the job's new settings, whole. */
public record ResetJobRequest(Long jobId, JsonNode newSettings) {}
