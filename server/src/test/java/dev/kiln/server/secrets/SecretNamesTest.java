package dev.kiln.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "A-b_c.d", "0", "...", "my-scope.v2_prod"})
  void acceptsLettersDigitsDashesUnderscoresAndPeriods(String name) {
    assertThat(SecretNames.scope(name)).isEqualTo(name);
    assertThat(SecretNames.key(name)).isEqualTo(name);
  }

  @Test
  void acceptsExactly128Characters() {
    assertThat(SecretNames.scope("s".repeat(128))).hasSize(128);
    assertInvalid(() -> SecretNames.scope("s".repeat(129)), "128");
    assertInvalid(() -> SecretNames.key("k".repeat(129)), "128");
  }

  @ParameterizedTest
  @ValueSource(strings = {"with space", "slash/", "colon:", "ümlaut", "tab\t", "new\nline", "a\0b"})
  void refusesOtherCharacters(String name) {
    assertInvalid(() -> SecretNames.scope(name), "Scope name");
    assertInvalid(() -> SecretNames.key(name), "Secret key");
  }

  @Test
  void missingNamesAreNamedAsMissingFields() {
    assertInvalid(() -> SecretNames.scope(null), "scope");
    assertInvalid(() -> SecretNames.key(""), "key");
    assertInvalid(() -> SecretNames.principal(" "), "principal");
    assertInvalid(() -> SecretNames.principal("p".repeat(256)), "255");
    assertThat(SecretNames.principal("ann@example.com")).isEqualTo("ann@example.com");
  }

  @Test
  void aLongBadNameIsShortenedInTheMessage() {
    String name = "x".repeat(10_000) + " ";
    assertThatThrownBy(() -> SecretNames.scope(name))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  private static void assertInvalid(Runnable call, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(messagePart)
        .satisfies(
            e ->
                assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
