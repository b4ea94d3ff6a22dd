package dev.kiln.server.api;

/** A failure the caller caused or may see: it becomes a Databricks-style error response. */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ApiException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }

  public static ApiException alreadyExists(String message) {
    return new ApiException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }

  public static ApiException denied(String message) {
    return new ApiException(ErrorCode.PERMISSION_DENIED, message);
  }

  /** The ApiException that caused {@code t} (or is {@code t}), or null. */
  public static ApiException causeOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApiException api) {
        return api;
      }
      if (c.getCause() == c) {
        return null;
      }
    }
    return null;
  }

  /** Fails with INVALID_PARAMETER_VALUE when a required field is absent or blank. */
  public static <T> T required(T value, String field) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw invalid("Missing required field: " + field);
    }
    return value;
  }
}
