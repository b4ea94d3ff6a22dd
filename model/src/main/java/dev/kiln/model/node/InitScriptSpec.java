package dev.kiln.model.node;

import java.util.Objects;

/** One init script the control plane materialized as a local file, run with {@code bash path}. */
public record InitScriptSpec(String name, String path) {
  public InitScriptSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
  }
}
