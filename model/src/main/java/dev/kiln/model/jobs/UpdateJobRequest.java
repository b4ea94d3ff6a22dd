package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code jobs/update}: settings to replace (arrays merged by key) and fields to remove. */
public record UpdateJobRequest(Long jobId, JsonNode newSettings, List<String> fieldsToRemove) {}
