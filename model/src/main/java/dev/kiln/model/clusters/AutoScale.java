package dev.kiln.model.clusters;

/** The worker range of an autoscaling cluster ({@code autoscale}). */
public record AutoScale(Integer minWorkers, Integer maxWorkers) {}
