package dev.kiln.driver.exec;

/** A refused call on the execution service, with the Databricks error code and HTTP status. */
public final class ExecError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal, each with its wire code and status. */
  public enum Kind {
    NOT_FOUND("RESOURCE_DOES_NOT_EXIST", 404),
    INVALID("INVALID_PARAMETER_VALUE", 400),
    STATE("INVALID_STATE", 409);

    public final String errorCode;
    public final int httpStatus;

    Kind(String errorCode, int httpStatus) {
      this.errorCode = errorCode;
      this.httpStatus = httpStatus;
    }
  }

  private final Kind kind;

  public ExecError(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
