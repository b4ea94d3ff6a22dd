package dev.kiln.model.clusters;

/** The values {@code data_security_mode} accepts. Kiln records the mode; it enforces none. */
public enum DataSecurityMode {
  NONE,
  SINGLE_USER,
  USER_ISOLATION,
  LEGACY_TABLE_ACL,
  LEGACY_PASSTHROUGH,
  LEGACY_SINGLE_USER,
  LEGACY_SINGLE_USER_STANDARD,
  DATA_SECURITY_MODE_AUTO,
  DATA_SECURITY_MODE_STANDARD,
  DATA_SECURITY_MODE_DEDICATED
}
