package dev.kiln.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.Json;
import dev.kiln.model.scim.ScimUser;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestsTest {
  @Test
  void dottedKeysNestAndRepeatedKeysBecomeArrays() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("path", List.of("/a"));
    params.put("filter_by.cluster_states", List.of("RUNNING", "PENDING"));
    params.put("filter_by.is_pinned", List.of("true"));
    assertThat(Requests.queryTree(params).toString())
        .isEqualTo(
            "{\"path\":\"/a\",\"filter_by\":{\"cluster_states\":[\"RUNNING\",\"PENDING\"],"
                + "\"is_pinned\":\"true\"}}");
  }

  @Test
  void noParametersIsAnEmptyObject() {
    assertThat(Requests.queryTree(Map.of()).isEmpty()).isTrue();
  }

  private final Requests requests = new Requests(Json.mapper());

  /** A request with list, map and number fields, as handlers declare them. */
  record Sample(List<String> names, List<ScimUser.Ref> refs, Map<String, String> conf, Integer n) {}

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"groups\":[null]}",
        "{\"emails\":[null]}",
        "{\"entitlements\":[null]}",
        "{\"schemas\":[null]}",
        "{\"schemas\":[\"x\",null]}",
        "{\"groups\":[1]}",
        "{\"groups\":[\"admins\"]}",
        "{\"groups\":[[]]}",
        "{\"emails\":[true]}",
        "{\"schemas\":[{}]}",
        "{\"schemas\":[1]}",
        "{\"entitlements\":[\"workspace-access\"]}"
      })
  void listElementsMustBeOfTheirTypeAndNotNull(String body) {
    assertInvalid(body, ScimUser.class);
  }

  @Test
  void nullElementsAreNamedInTheMessage() {
    assertThatThrownBy(() -> body("{\"userName\":\"a\",\"groups\":[{},null]}", ScimUser.class))
        .hasMessage("Invalid value for field 'groups[1]': null is not allowed here");
    assertThatThrownBy(() -> body("{\"conf\":{\"a\":null}}", Sample.class))
        .hasMessageContaining("'conf.a'");
  }

  @Test
  void wellFormedListsStillBind() {
    ScimUser user =
        body(
            "{\"userName\":\"a\",\"groups\":[{\"display\":\"admins\"}],"
                + "\"emails\":[],\"schemas\":[\"s\"],\"entitlements\":[{\"value\":\"x\"}]}",
            ScimUser.class);
    assertThat(user.groups()).containsExactly(new ScimUser.Ref(null, "admins", null));
    assertThat(body("{\"groups\":null,\"names\":null}", Sample.class).names()).isNull();
  }

  @Test
  void numbersOutOfRangeAreRefusedWithTheValueAsSent() {
    assertThatThrownBy(() -> body("{\"n\":999999999999}", Sample.class))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("'n'")
        .hasMessageContaining("999999999999");
    assertThatThrownBy(() -> body("{\"n\":\"999999999999\"}", Sample.class))
        .hasMessageContaining("999999999999");
    assertThat(body("{\"n\":2147483647}", Sample.class).n()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void bodiesMustBeStrictUtf8() {
    byte[] overlong = HexFormat.of().parseHex("7b2270617468223a222f6f766572c0af78227d");
    assertThat(new String(overlong, StandardCharsets.ISO_8859_1)).startsWith("{\"path\":\"/over");
    assertThatThrownBy(() -> requests.body(overlong, Sample.class))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("UTF-8");
    // UTF-16 would be detected by Jackson and read: JSON is UTF-8 only.
    byte[] utf16 = "{\"names\":[]}".getBytes(StandardCharsets.UTF_16BE);
    assertInvalid(utf16, Sample.class);
    assertThat(body("{\"names\":[\"ü€\uD83D\uDE00\"]}", Sample.class).names())
        .containsExactly("ü€\uD83D\uDE00");
  }

  @Test
  void stringsMustNotHoldHalfASurrogatePair() {
    assertInvalid("{\"names\":[\"/sur\\ud800x\"]}", Sample.class);
    assertInvalid("{\"conf\":{\"\\udc00\":\"x\"}}", Sample.class);
    assertThatThrownBy(() -> body("{\"a\":{\"b\":[\"\\udfff\"]}}", Sample.class))
        .hasMessageContaining("'a.b[0]'");
    assertThat(body("{\"names\":[\"\\ud83d\\ude00\"]}", Sample.class).names())
        .containsExactly("\uD83D\uDE00");
  }

  private <T> T body(String json, Class<T> type) {
    return requests.body(json.getBytes(StandardCharsets.UTF_8), type);
  }

  private void assertInvalid(String json, Class<?> type) {
    assertInvalid(json.getBytes(StandardCharsets.UTF_8), type);
  }

  private void assertInvalid(byte[] json, Class<?> type) {
    assertThatThrownBy(() -> requests.body(json, type))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
