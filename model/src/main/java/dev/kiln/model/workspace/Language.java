package dev.kiln.model.workspace;

/** The language of a notebook (and of each of its cells). */
public enum Language {
  PYTHON,
  SCALA,
  SQL,
  R
}
