package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Assertions on raw responses: the Databricks error shape and status. */
public final class ApiAssertions {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiAssertions() {}

  /** The response is an error with this status and {@code error_code}; returns its message. */
  public static String assertError(HttpResponse<String> response, int status, String errorCode) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.path("error_code").asText()).as("error_code of %s", body).isEqualTo(errorCode);
    assertThat(body.path("message").asText()).as("message of %s", body).isNotBlank();
    return body.path("message").asText();
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** A 200 whose body is a JSON object. */
  public static JsonNode assertOk(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
    return json(response);
  }
}
