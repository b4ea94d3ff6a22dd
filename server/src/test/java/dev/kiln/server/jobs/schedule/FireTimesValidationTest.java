package dev.kiln.server.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expressions and time zones a schedule is refused for, each with a message that says why. */
class FireTimesValidationTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private static void assertInvalid(String expression, String zone, String... messageParts) {
    assertThatThrownBy(() -> FireTimes.of(expression, zone).requireNext(NOW))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).contains(messageParts);
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 0 25 * * ?         | Hour values must be between 0 and 23",
        "0 60 * * * ?         | Minute and Second values must be between 0 and 59",
        "0 0 12 * 13 ?        | Month values must be between 1 and 12",
        "0 0 12 ? * 8         | Day-of-Week values must be between 1 and 7",
        "0 0 12 ? * 6#6       | A numeric value between 1 and 5 must follow the '#' option",
        "0 0 12 32W * ?       | 'W' option does not make sense with values larger than 31",
        "0 0 12 * * *         | both a day-of-week AND a day-of-month",
        "0 0 12 ? * ?         | '?' can only be specified for Day-of-Month -OR- Day-of-Week",
        "0 0 12 * * ? 2030 1  | too many terms",
        "0 0 12 * FOO ?       | Invalid Month value",
        "hello world          | Invalid quartz_cron_expression 'hello world'",
      })
  void quartzSyntaxErrorsNameTheField(String expression, String reason) {
    assertInvalid(expression, "UTC", "Invalid quartz_cron_expression '" + expression + "'", reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 12 * * *", "*/5 * * * *", "0 12 * * MON-FRI"})
  void unixCronWithFiveFieldsGetsAHintAboutTheSecondsField(String expression) {
    assertInvalid(expression, "UTC", "Quartz syntax has 6 or 7 fields: seconds minutes hours");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyExpression(String expression) {
    assertInvalid(expression, "UTC", "Invalid quartz_cron_expression: it must not be empty");
  }

  @org.junit.jupiter.api.Test
  void missingExpression() {
    assertInvalid(null, "UTC", "Invalid quartz_cron_expression: it must not be empty");
  }

  @org.junit.jupiter.api.Test
  void overlongExpression() {
    assertInvalid("0 ".repeat(600), "UTC", "longer than 1000 characters");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 0 30 2 ?", // February 30th
        "0 0 0 31 4,6,9,11 ?", // the 31st of 30-day months
        "0 0 12 * * ? 2020", // a year that is over
        "0 0 12 1 1 ? 2021-2026", // the last due time was 2026-01-01
      })
  void expressionsThatNeverFireAgainAreRefused(String expression) {
    assertInvalid(
        expression,
        "UTC",
        "Invalid quartz_cron_expression '" + expression + "': it never fires after " + NOW);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Mars/Olympus_Mons",
        "America/Los Angeles",
        "america/los_angeles_x",
        "+25:00",
        "GMT+99",
        "Europe/"
      })
  void unknownTimeZones(String zone) {
    assertInvalid(
        "0 0 12 * * ?",
        zone,
        "Invalid timezone_id '" + zone + "': not a Java time zone ID (such as UTC or");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UTC",
        "America/Los_Angeles",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Etc/GMT-14",
        "PST",
        "GMT",
        "Z",
        "+01:00"
      })
  void javaTimeZoneIdsAreTaken(String zone) {
    assertThatCode(() -> FireTimes.of("0 0 12 * * ?", zone).requireNext(NOW))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 12 ? * MON#2,FRI",
        "0 0/0 * * * ?",
        "0 0 12 LW * ?",
        "0 0 12 ? * L",
        "0 0 12 * * ? 2027-2099",
        "0 0 12 * * ? *",
        "0 0 12 ? JAN-MAR,OCT-DEC 2-6",
        "0 0 0 29 2 ?"
      })
  void whatQuartzTakesIsTaken(String expression) {
    assertThatCode(() -> FireTimes.of(expression, "UTC").requireNext(NOW))
        .doesNotThrowAnyException();
  }
}
