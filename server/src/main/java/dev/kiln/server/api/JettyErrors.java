package dev.kiln.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors Jetty answers itself, before a request reaches Kiln's routes (a request line with bytes
 * that are not UTF-8, an illegal header): a Databricks error body instead of Jetty's HTML page, so
 * that clients read them like every other error.
 */
final class JettyErrors extends ErrorHandler {
  private final ObjectMapper mapper;

  JettyErrors(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.getOutputStream().write(body(code, message));
  }

  private byte[] body(int status, String reason) {
    ErrorCode code =
        switch (status) {
          case 400 -> ErrorCode.BAD_REQUEST;
          case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 413, 431 -> ErrorCode.REQUEST_ENTITY_TOO_LARGE;
          default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
    String message =
        "The request could not be read"
            + (reason == null || reason.isBlank() ? "" : ": " + reason)
            + " (HTTP "
            + status
            + ")";
    try {
      return mapper.writeValueAsBytes(
          new ApiError(code.name(), Utf8.withoutUnpairedSurrogates(message)));
    } catch (JsonProcessingException e) {
      return ("{\"error_code\":\"" + code.name() + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
