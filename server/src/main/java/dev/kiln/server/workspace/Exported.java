package dev.kiln.server.workspace;

/**
 * Exported bytes, the {@code file_type} Databricks reports with them ({@code py}, {@code ipynb},
 * ...; null when unknown) and a file name for direct downloads.
 */
final class Exported {
  private final byte[] content;
  private final String fileType;
  private final String fileName;

  Exported(byte[] content, String fileType, String fileName) {
    this.content = content.clone();
    this.fileType = fileType;
    this.fileName = fileName;
  }

  byte[] content() {
    return content.clone();
  }

  String fileType() {
    return fileType;
  }

  String fileName() {
    return fileName;
  }
}
