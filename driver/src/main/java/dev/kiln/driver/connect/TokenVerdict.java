package dev.kiln.driver.connect;

/** What the control plane said about a token. */
public enum TokenVerdict {
  /** A live Kiln token of an active user. */
  VALID,
  /** Refused by the control plane (unknown, expired or revoked). */
  INVALID,
  /** The control plane could not be asked; not remembered, the next call asks again. */
  UNAVAILABLE
}
