package dev.kiln.server.api;

/**
 * The Databricks error codes Kiln answers with, each with the HTTP status real workspaces send for
 * it. SDKs classify errors by code first and status second, so both matter.
 */
public enum ErrorCode {
  INVALID_PARAMETER_VALUE(400),
  INVALID_STATE(400),
  BAD_REQUEST(400),
  MALFORMED_REQUEST(400),
  MAX_BLOCK_SIZE_EXCEEDED(400),
  MAX_READ_SIZE_EXCEEDED(400),
  MAX_NOTEBOOK_SIZE_EXCEEDED(400),
  DIRECTORY_NOT_EMPTY(400),
  IO_ERROR(400),
  QUOTA_EXCEEDED(400),
  RESOURCE_LIMIT_EXCEEDED(400),
  /** Legacy workspace and DBFS endpoints answer 400 here, not 409; SDKs go by the code. */
  RESOURCE_ALREADY_EXISTS(400),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  RESOURCE_DOES_NOT_EXIST(404),
  ENDPOINT_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  ABORTED(409),
  REQUEST_ENTITY_TOO_LARGE(413),
  REQUEST_LIMIT_EXCEEDED(429),
  INTERNAL_ERROR(500),
  NOT_IMPLEMENTED(501),
  TEMPORARILY_UNAVAILABLE(503),
  PARTIAL_DELETE(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
