package dev.kiln.cli;

import com.databricks.sdk.service.settings.CreateTokenRequest;
import com.databricks.sdk.service.settings.CreateTokenResponse;
import com.databricks.sdk.service.settings.PublicTokenInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln tokens}: the caller's own personal access tokens. */
@Command(name = "tokens", description = "Your personal access tokens.")
final class TokensCommand {
  @ParentCommand Kiln kiln;

  @Command(name = "create", description = "Create a token; its value is shown only now.")
  void create(
      @Option(names = "--lifetime-seconds", description = "Omit for a token that never expires.")
          Long lifetimeSeconds,
      @Option(names = "--comment") String comment) {
    CreateTokenResponse created =
        kiln.client()
            .tokens()
            .create(
                new CreateTokenRequest().setLifetimeSeconds(lifetimeSeconds).setComment(comment));
    if (kiln.output().json()) {
      kiln.output().printJson(created);
      return;
    }
    PublicTokenInfo info = created.getTokenInfo();
    kiln.output()
        .print(
            created,
            List.of("ID", "Token"),
            List.of(
                List.of(
                    info == null ? "" : Output.text(info.getTokenId()), created.getTokenValue())));
  }

  @Command(name = "list", description = "List your tokens.")
  void list() {
    List<PublicTokenInfo> tokens = new ArrayList<>();
    kiln.client().tokens().list().forEach(tokens::add);
    List<List<String>> rows = new ArrayList<>();
    for (PublicTokenInfo t : tokens) {
      rows.add(
          List.of(
              Output.text(t.getTokenId()),
              time(t.getCreationTime()),
              t.getExpiryTime() == null || t.getExpiryTime() < 0
                  ? "never"
                  : time(t.getExpiryTime()),
              Output.text(t.getComment())));
    }
    kiln.output().print(tokens, List.of("ID", "Created", "Expires", "Comment"), rows);
  }

  @Command(name = "revoke", aliases = "delete", description = "Revoke one of your tokens.")
  void revoke(@Parameters(paramLabel = "ID") String id) {
    kiln.client().tokens().delete(id);
  }

  private static String time(Long millis) {
    return millis == null ? "" : Instant.ofEpochMilli(millis).toString();
  }
}
