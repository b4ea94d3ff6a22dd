package dev.kiln.model.pools;

/** A pool's state: Kiln's pools are ACTIVE until deleted (STOPPED is not used). */
public enum InstancePoolState {
  ACTIVE,
  STOPPED,
  DELETED
}
