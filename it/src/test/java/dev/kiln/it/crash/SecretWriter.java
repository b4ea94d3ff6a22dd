package dev.kiln.it.crash;

import static dev.kiln.it.crash.Acks.acknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.it.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Puts secrets into one scope; after the restart each reads back with its value. */
public final class SecretWriter implements CrashWriter<String> {
  private static final String SCOPE = "crash";

  private final ServerProcess server;

  public SecretWriter(ServerProcess server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "secrets";
  }

  @Override
  public int maxItems() {
    return 900; // A scope holds up to 1000 secrets.
  }

  @Override
  public void setUp() {
    acknowledged(
        server.call("POST", "/api/2.0/secrets/scopes/create", "{\"scope\":\"" + SCOPE + "\"}"));
  }

  @Override
  public String writeOne(int i) {
    String key = "key-" + i;
    acknowledged(
        server.call(
            "POST",
            "/api/2.0/secrets/put",
            "{\"scope\":\""
                + SCOPE
                + "\",\"key\":\""
                + key
                + "\",\"string_value\":\""
                + value(key)
                + "\"}"));
    return key;
  }

  @Override
  public void verifyAcknowledged(List<String> acknowledged) {
    for (String key : acknowledged) {
      String value =
          acknowledged(
                  server.call("GET", "/api/2.0/secrets/get?scope=" + SCOPE + "&key=" + key, null))
              .path("value")
              .asText();
      assertThat(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
          .as("secret %s", key)
          .isEqualTo(value(key));
    }
  }

  private static String value(String key) {
    return "value of " + key;
  }
}
