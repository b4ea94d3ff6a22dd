package dev.kiln.it.crash;

import static dev.kiln.it.crash.Acks.acknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.it.ServerProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates SCIM users; after the restart each is listed with its user and display names. */
public final class ScimUserWriter implements CrashWriter<ScimUserWriter.User> {
  private static final String USERS = "/api/2.0/preview/scim/v2/Users";

  record User(String id, String userName, String displayName) {}

  private final ServerProcess server;

  public ScimUserWriter(ServerProcess server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "scim-users";
  }

  @Override
  public User writeOne(int i) {
    String userName = "crash-" + i + "@example.com";
    String displayName = "Crash " + i;
    JsonNode created =
        acknowledged(
            server.call(
                "POST",
                USERS,
                "{\"userName\":\"" + userName + "\",\"displayName\":\"" + displayName + "\"}"));
    return new User(created.path("id").asText(), userName, displayName);
  }

  @Override
  public void verifyAcknowledged(List<User> acknowledged) {
    Map<String, User> stored = new HashMap<>();
    for (JsonNode u : acknowledged(server.call("GET", USERS, null)).path("Resources")) {
      String id = u.path("id").asText();
      stored.put(id, new User(id, u.path("userName").asText(), u.path("displayName").asText()));
    }
    for (User user : acknowledged) {
      assertThat(stored.get(user.id())).as("user %s", user.id()).isEqualTo(user);
    }
  }
}
