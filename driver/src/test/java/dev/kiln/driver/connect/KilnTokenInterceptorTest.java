package dev.kiln.driver.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KilnTokenInterceptorTest {
  private final TestClock clock = new TestClock();
  private final List<String> asked = new ArrayList<>();

  private TokenCache cache(Function<String, TokenVerdict> verdicts) {
    return new TokenCache(
        t -> {
          asked.add(t);
          return verdicts.apply(t);
        },
        clock,
        KilnTokenInterceptor.GOOD_FOR,
        KilnTokenInterceptor.BAD_FOR);
  }

  @Test
  void settingsNameThisClass() {
    assertThat(SparkConnectSettings.INTERCEPTOR).isEqualTo(KilnTokenInterceptor.class.getName());
  }

  @Test
  void noControlPlaneMeansNoSparkConnect() {
    assertThat(SparkConnectSettings.apply(java.util.Map.of("spark.plugins", "p"), null, 0))
        .containsExactly(java.util.Map.entry("spark.plugins", "p"));
  }

  @Test
  void bearerHeaderGivesItsToken() {
    assertThat(KilnTokenInterceptor.bearer("Bearer dapi123")).isEqualTo("dapi123");
    assertThat(KilnTokenInterceptor.bearer("bearer  dapi123 ")).isEqualTo("dapi123");
    assertThat(KilnTokenInterceptor.bearer(null)).isNull();
    assertThat(KilnTokenInterceptor.bearer("Bearer ")).isNull();
    assertThat(KilnTokenInterceptor.bearer("Basic dXNlcjpwdw==")).isNull();
  }

  @Test
  void validTokenIsRememberedForAMinute() {
    TokenCache tokens = cache(t -> TokenVerdict.VALID);

    assertThat(tokens.check("good")).isEqualTo(TokenVerdict.VALID);
    clock.advance(Duration.ofSeconds(59));
    assertThat(tokens.check("good")).isEqualTo(TokenVerdict.VALID);
    assertThat(asked).hasSize(1);
    clock.advance(Duration.ofSeconds(2));
    tokens.check("good");
    assertThat(asked).hasSize(2);
  }

  @Test
  void refusedTokenIsRememberedForLess() {
    TokenCache tokens = cache(t -> TokenVerdict.INVALID);

    assertThat(tokens.check("bad")).isEqualTo(TokenVerdict.INVALID);
    clock.advance(Duration.ofSeconds(9));
    tokens.check("bad");
    assertThat(asked).hasSize(1);
    clock.advance(Duration.ofSeconds(2));
    tokens.check("bad");
    assertThat(asked).hasSize(2);
  }

  @Test
  void unavailableControlPlaneIsAskedAgainEveryTime() {
    TokenCache tokens = cache(t -> TokenVerdict.UNAVAILABLE);

    assertThat(tokens.check("any")).isEqualTo(TokenVerdict.UNAVAILABLE);
    assertThat(tokens.check("any")).isEqualTo(TokenVerdict.UNAVAILABLE);
    assertThat(asked).hasSize(2);
  }
}
