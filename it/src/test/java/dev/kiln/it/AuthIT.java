package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.databricks.sdk.service.settings.CreateTokenRequest;
import com.databricks.sdk.service.settings.CreateTokenResponse;
import com.databricks.sdk.service.settings.ListTokenManagementRequest;
import com.databricks.sdk.service.settings.PublicTokenInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Tokens, SCIM and the API frame, through the official Databricks Java SDK. */
class AuthIT extends ServerIT {

  private static <T> List<T> list(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }

  @Test
  void meIsTheAdminAndCarriesTheWorkspaceIdHeader() {
    User me = admin.currentUser().me(new MeRequest());
    assertThat(me.getUserName()).isEqualTo("admin");
    assertThat(me.getGroups()).extracting(g -> g.getDisplay()).contains("admins");
    HttpResponse<String> raw = server.call("GET", "/api/2.0/preview/scim/v2/Me", null);
    assertThat(raw.headers().firstValue("X-Databricks-Org-Id"))
        .hasValue(server.server().workspaceId());
  }

  @Test
  void hostMetadataAnswersWithoutAuth() {
    HttpResponse<String> raw = server.call("GET", "/.well-known/databricks-config", null, null);
    assertThat(assertOk(raw).path("workspace_id").asText())
        .isEqualTo(server.server().workspaceId());
  }

  @Test
  void theOpenApiDescriptionIsServedWithoutAuthAndCoversEveryRoute() {
    JsonNode paths = assertOk(server.call("GET", "/openapi.json", null, null)).path("paths");
    assertThat(server.server().routes())
        .allSatisfy(
            r -> assertThat(paths.path(r.openApiPath()).has(r.method())).as(r.toString()).isTrue());
  }

  @Test
  void createdTokenWorksIsListedAndStopsWorkingWhenDeleted() {
    CreateTokenResponse created =
        admin.tokens().create(new CreateTokenRequest().setComment("ci").setLifetimeSeconds(3600L));
    assertThat(created.getTokenValue()).startsWith("dapi");
    PublicTokenInfo info = created.getTokenInfo();
    assertThat(info.getExpiryTime() - info.getCreationTime()).isEqualTo(3_600_000L);

    WorkspaceClient viaNewToken = server.clientFor(created.getTokenValue());
    assertThat(viaNewToken.currentUser().me(new MeRequest()).getUserName()).isEqualTo("admin");
    assertThat(list(admin.tokens().list()))
        .extracting(PublicTokenInfo::getTokenId)
        .contains(info.getTokenId());

    admin.tokens().delete(info.getTokenId());
    assertThatThrownBy(() -> viaNewToken.currentUser().me(new MeRequest()))
        .isInstanceOf(Unauthenticated.class);
    assertThatThrownBy(() -> admin.tokens().delete(info.getTokenId()))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void tokenWithoutLifetimeNeverLeaksItsValueIntoLists() {
    CreateTokenResponse created = admin.tokens().create(new CreateTokenRequest());
    assertThat(created.getTokenInfo().getExpiryTime()).isGreaterThan(System.currentTimeMillis());
    HttpResponse<String> raw = server.call("GET", "/api/2.0/token/list", null);
    assertThat(raw.body()).doesNotContain(created.getTokenValue());
  }

  @Test
  void expiredTokenIsRejected() throws Exception {
    CreateTokenResponse created =
        admin.tokens().create(new CreateTokenRequest().setLifetimeSeconds(1L));
    Thread.sleep(1100);
    assertThatThrownBy(
            () -> server.clientFor(created.getTokenValue()).currentUser().me(new MeRequest()))
        .isInstanceOf(Unauthenticated.class);
  }

  @Test
  void missingMalformedAndUnknownTokensAreUnauthenticated() {
    assertError(server.call("GET", "/api/2.0/token/list", null, null), 401, "UNAUTHENTICATED");
    assertError(
        server.call("GET", "/api/2.0/token/list", null, "dapi-not-a-token"),
        401,
        "UNAUTHENTICATED");
    assertThatThrownBy(() -> server.clientFor("dapi0000").tokens().list().iterator().hasNext())
        .isInstanceOf(Unauthenticated.class);
    // The node routes take a node's credentials only: a user's token is not one.
    assertError(
        server.call("POST", "/api/2.0/kiln/node/changed", "{}", null), 401, "UNAUTHENTICATED");
    assertError(
        server.call("POST", "/api/2.0/kiln/node/changed", "{}", server.adminToken()),
        401,
        "UNAUTHENTICATED");
  }

  @Test
  void adminCreatesAUserWhoGetsAHomeTokenAndCanMakeTheirOwnTokens() {
    User ann =
        admin.users().create(new User().setUserName("ann@example.com").setDisplayName("Ann"));
    assertThat(ann.getId()).isNotBlank();
    assertThat(admin.users().get(ann.getId()).getDisplayName()).isEqualTo("Ann");
    assertThat(
            list(
                admin
                    .users()
                    .list(new ListUsersRequest().setFilter("userName eq \"ann@example.com\""))))
        .extracting(User::getId)
        .containsExactly(ann.getId());

    CreateOboTokenResponse obo =
        admin
            .tokenManagement()
            .createOboToken(new CreateOboTokenRequest().setApplicationId(ann.getUserName()));
    WorkspaceClient annClient = server.clientFor(obo.getTokenValue());
    assertThat(annClient.currentUser().me(new MeRequest()).getUserName())
        .isEqualTo("ann@example.com");
    CreateTokenResponse own =
        annClient.tokens().create(new CreateTokenRequest().setComment("mine"));
    assertThat(list(annClient.tokens().list())).hasSize(2);
    assertThat(list(admin.tokenManagement().list(new ListTokenManagementRequest())))
        .anyMatch(t -> t.getTokenId().equals(own.getTokenInfo().getTokenId()));

    // A non-admin cannot manage users or other people's tokens.
    assertThatThrownBy(() -> annClient.users().create(new User().setUserName("bob")))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(
            () ->
                annClient
                    .tokenManagement()
                    .list(new ListTokenManagementRequest())
                    .iterator()
                    .hasNext())
        .isInstanceOf(PermissionDenied.class);

    admin.users().delete(ann.getId());
    assertThatThrownBy(() -> annClient.currentUser().me(new MeRequest()))
        .isInstanceOf(Unauthenticated.class);
    assertThatThrownBy(() -> admin.users().get(ann.getId())).isInstanceOf(NotFound.class);
  }

  @Test
  void duplicateAndInvalidUsersAreRefused() {
    admin.users().create(new User().setUserName("dup@example.com"));
    assertThatThrownBy(() -> admin.users().create(new User().setUserName("dup@example.com")))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> admin.users().create(new User().setUserName("no/slashes")))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> admin.users().create(new User().setUserName("users")))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> admin.users().create(new User().setUserName("..")))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> admin.users().create(new User()))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void badInputGetsDatabricksErrorsAndChangesNothing() {
    int before = list(admin.tokens().list()).size();
    assertError(
        server.call("POST", "/api/2.0/token/create", "{\"comment\":"), 400, "MALFORMED_REQUEST");
    assertError(server.call("POST", "/api/2.0/token/create", "[1,2]"), 400, "MALFORMED_REQUEST");
    assertError(
        server.call("POST", "/api/2.0/token/create", "{\"comment\":5}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/token/create", "{\"lifetime_seconds\":\"soon\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/token/create", "{\"lifetime_seconds\":-5}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(server.call("POST", "/api/2.0/token/delete", "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertThat(list(admin.tokens().list())).hasSize(before);
  }

  @Test
  void textJsonIsJsonAndVoidCallsAnswerAnEmptyObject() {
    HttpResponse<String> created =
        server.call(
            "POST",
            "/api/2.0/token/create",
            "{\"comment\":\"legacy\"}",
            "text/json",
            server.adminToken());
    String id = assertOk(created).path("token_info").path("token_id").asText();
    HttpResponse<String> deleted =
        server.call(
            "POST",
            "/api/2.0/token/delete",
            "{\"token_id\":\"" + id + "\"}",
            "text/json",
            server.adminToken());
    assertThat(assertOk(deleted).isEmpty()).isTrue();
  }

  @Test
  void unknownRoutesAndWrongMethodsAnswerWithErrorBodies() {
    assertError(server.call("GET", "/api/2.0/no-such-api", null), 404, "ENDPOINT_NOT_FOUND");
    assertError(server.call("DELETE", "/api/2.0/token/list", null), 405, "METHOD_NOT_ALLOWED");
    assertError(server.call("GET", "/nothing-here", null, null), 404, "ENDPOINT_NOT_FOUND");
  }

  @Test
  void oversizeBodiesAreRefused() {
    String huge = "{\"comment\":\"" + "x".repeat((int) server.config().maxBodyBytes()) + "\"}";
    assertError(
        server.call("POST", "/api/2.0/token/create", huge), 413, "REQUEST_ENTITY_TOO_LARGE");
  }

  @Test
  void adminDataSurvivesARestart() throws Exception {
    User kept = admin.users().create(new User().setUserName("kept@example.com"));
    server.restart();
    WorkspaceClient again = server.client();
    assertThat(again.users().get(kept.getId()).getUserName()).isEqualTo("kept@example.com");
  }
}
