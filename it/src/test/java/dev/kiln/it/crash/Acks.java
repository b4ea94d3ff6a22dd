package dev.kiln.it.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.it.ApiAssertions;
import dev.kiln.it.EndpointNotAvailable;
import java.net.http.HttpResponse;

/** Reading a writer's answers: an acknowledgement, or why there is none. */
final class Acks {
  private Acks() {}

  /** The JSON body of a 200 or 201; a missing API becomes {@link EndpointNotAvailable}. */
  static JsonNode acknowledged(HttpResponse<String> response) {
    EndpointNotAvailable.throwIfNotServed(response);
    assertThat(response.statusCode())
        .as("status of %s: %s", response.request().uri(), response.body())
        .isIn(200, 201);
    return ApiAssertions.json(response);
  }
}
