package dev.kiln.model.clusters;

/** The machine behind a node type, with its local disks. */
public record NodeInstanceType(
    String instanceTypeId,
    Long localDisks,
    Long localDiskSizeGb,
    Long localNvmeDisks,
    Long localNvmeDiskSizeGb) {}
