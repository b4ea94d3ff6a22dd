package dev.kiln.model.jobs;

import java.util.List;

/** {@code runs/export}. */
public record ExportRunOutput(List<ViewItem> views) {}
