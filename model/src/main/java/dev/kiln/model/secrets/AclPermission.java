package dev.kiln.model.secrets;

/** A permission on a whole secret scope; each level includes the ones declared before it. */
public enum AclPermission {
  READ,
  WRITE,
  MANAGE;

  /** Whether holding this permission is enough for an action that needs {@code needed}. */
  public boolean includes(AclPermission needed) {
    return compareTo(needed) >= 0;
  }
}
