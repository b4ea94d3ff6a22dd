package dev.kiln.model.workspace;

/** What a workspace object is. Kiln stores directories, notebooks and files; the rest is wire. */
public enum ObjectType {
  NOTEBOOK,
  DIRECTORY,
  LIBRARY,
  FILE,
  REPO,
  DASHBOARD
}
