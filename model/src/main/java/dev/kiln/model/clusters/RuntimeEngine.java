package dev.kiln.model.clusters;

/** The values {@code runtime_engine} accepts; Kiln runs {@code STANDARD} only. */
public enum RuntimeEngine {
  NULL,
  STANDARD,
  PHOTON
}
