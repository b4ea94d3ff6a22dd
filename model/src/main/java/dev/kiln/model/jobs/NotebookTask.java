package dev.kiln.model.jobs;

import java.util.Map;

/** {@code notebook_task}: a workspace notebook with parameters read through widgets. */
public record NotebookTask(
    String notebookPath, Map<String, String> baseParameters, Source source, String warehouseId) {}
