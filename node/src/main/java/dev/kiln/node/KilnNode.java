package dev.kiln.node;

/** Placeholder entry point while the runtime is assembled. */
public final class KilnNode {
  private KilnNode() {}

  public static void main(String[] args) {}
}
