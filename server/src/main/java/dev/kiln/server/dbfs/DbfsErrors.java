package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;

/** Turns file system failures into API errors that name the DBFS path, never a server path. */
final class DbfsErrors {
  private DbfsErrors() {}

  static ApiException io(DbfsPath path, IOException e) {
    return new ApiException(
        ErrorCode.IO_ERROR, "I/O error on " + path + ": " + e.getClass().getSimpleName(), e);
  }

  static ApiException notFound(DbfsPath path) {
    return ApiException.notFound("No file or directory exists on path " + path + ".");
  }
}
