package dev.kiln.it.crash;

import static dev.kiln.it.crash.Acks.acknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.it.ServerProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates admin tokens; after the restart each is listed with its comment and still works. */
public final class TokenWriter implements CrashWriter<TokenWriter.Token> {
  record Token(String id, String value, String comment) {}

  private final ServerProcess server;

  public TokenWriter(ServerProcess server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "tokens";
  }

  @Override
  public int maxItems() {
    return 500; // The admin may hold 600 tokens.
  }

  @Override
  public Token writeOne(int i) {
    String comment = "crash-" + i;
    JsonNode created =
        acknowledged(
            server.call(
                "POST",
                "/api/2.0/token/create",
                "{\"comment\":\"" + comment + "\",\"lifetime_seconds\":3600}"));
    return new Token(
        created.path("token_info").path("token_id").asText(),
        created.path("token_value").asText(),
        comment);
  }

  @Override
  public void verifyAcknowledged(List<Token> acknowledged) {
    Map<String, String> comments = new HashMap<>();
    for (JsonNode t :
        acknowledged(server.call("GET", "/api/2.0/token/list", null)).path("token_infos")) {
      comments.put(t.path("token_id").asText(), t.path("comment").asText());
    }
    for (Token token : acknowledged) {
      assertThat(comments).as("token %s", token).containsEntry(token.id(), token.comment());
      assertThat(
              server.call("GET", "/api/2.0/preview/scim/v2/Me", null, token.value()).statusCode())
          .as("a call with token %s", token)
          .isEqualTo(200);
    }
  }
}
