package dev.kiln.driver.dbutils;

/**
 * One entry of {@code dbutils.fs.ls}: {@code path} with its scheme ({@code dbfs:/...}), {@code
 * name} ending in {@code /} for a directory, {@code size} in bytes and {@code modificationTime} in
 * epoch milliseconds. Bean-style getters too, for py4j callers.
 */
public record FileInfo(String path, String name, long size, long modificationTime) {
  public boolean isDir() {
    return name.endsWith("/");
  }

  public boolean isFile() {
    return !isDir();
  }

  public String getPath() {
    return path;
  }

  public String getName() {
    return name;
  }

  public long getSize() {
    return size;
  }

  public long getModificationTime() {
    return modificationTime;
  }
}
