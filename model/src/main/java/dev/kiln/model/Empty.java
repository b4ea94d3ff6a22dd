package dev.kiln.model;

/** The {@code {}} body of a void call: clients parse every 2xx body as JSON. */
public record Empty() {
  public static final Empty INSTANCE = new Empty();
}
