package dev.kiln.server.jobs.schedule;

import dev.kiln.server.api.ApiException;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The due times of a Quartz cron expression read in a time zone.
 *
 * <p>Quartz finds the matching wall-clock times (it computes in UTC here, which has no daylight
 * saving, so it only does calendar arithmetic: seconds, L, W, #, names, leap years). This class
 * then places each wall-clock time on the time line of the zone, with two rules for the days the
 * clocks change:
 *
 * <ul>
 *   <li>A wall-clock time skipped by a jump forward (02:30 on the night clocks go from 02:00 to
 *       03:00) fires at the moment of the jump (03:00 new time). All the skipped times of a night
 *       fire once together, and never twice with a time after the jump, so a daily 02:30 job still
 *       runs that day and an every-15-minutes job runs once for the lost hour.
 *   <li>A wall-clock time that happens twice when clocks go back (01:30 on the night clocks go from
 *       02:00 back to 01:00) fires once, at its first occurrence (daylight time). The repeated
 *       hour's second pass fires nothing, so an hourly job has a two-hour gap there.
 * </ul>
 *
 * <p>Quartz's own time-zone handling skips the jumped-over times for that day instead (and
 * Databricks documents that its schedules may skip runs on those nights); Kiln prefers running a
 * daily job late to not running it. Either way each fire is at a distinct instant, so runs keyed by
 * job and due time never collide.
 */
public final class FireTimes {
  /** The UTC calendar Quartz computes wall-clock times in. */
  private static final TimeZone WALL = TimeZone.getTimeZone("UTC");

  static final String DEFAULT_TIMEZONE = "UTC";
  private static final int MAX_EXPRESSION_LENGTH = 1000;

  private final String expression;
  private final ZoneId zone;
  private final CronExpression cron;

  private FireTimes(String expression, ZoneId zone, CronExpression cron) {
    this.expression = expression;
    this.zone = zone;
    this.cron = cron;
  }

  /**
   * Reads an expression and a time zone id (null or blank: UTC). Throws {@code
   * INVALID_PARAMETER_VALUE} naming the field and what is wrong with it.
   */
  public static FireTimes of(String expression, String timezoneId) {
    return new FireTimes(expression, zone(timezoneId), parse(expression));
  }

  /** The time zone id a schedule is stored with: the default when none was given. */
  static String timezoneOrDefault(String timezoneId) {
    return timezoneId == null || timezoneId.isBlank() ? DEFAULT_TIMEZONE : timezoneId;
  }

  private static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw ApiException.invalid("Invalid quartz_cron_expression: it must not be empty");
    }
    if (expression.length() > MAX_EXPRESSION_LENGTH) {
      throw ApiException.invalid(
          "Invalid quartz_cron_expression: longer than " + MAX_EXPRESSION_LENGTH + " characters");
    }
    try {
      CronExpression cron = new CronExpression(expression);
      cron.setTimeZone(WALL);
      return cron;
    } catch (ParseException | RuntimeException e) {
      // Quartz also throws unchecked exceptions (e.g. StringIndexOutOfBounds) on some garbage.
      String reason = e instanceof ParseException ? e.getMessage() : "it cannot be read";
      int fields = expression.trim().split("\\s+").length;
      String hint =
          fields < 6
              ? " (Quartz syntax has 6 or 7 fields: seconds minutes hours day-of-month month"
                  + " day-of-week [year], e.g. \"0 15 10 ? * MON-FRI\")"
              : "";
      throw ApiException.invalid(
          "Invalid quartz_cron_expression '" + expression + "': " + reason + hint);
    }
  }

  private static ZoneId zone(String timezoneId) {
    String id = timezoneOrDefault(timezoneId);
    try {
      return ZoneId.of(id, ZoneId.SHORT_IDS);
    } catch (DateTimeException e) {
      throw ApiException.invalid(
          "Invalid timezone_id '"
              + id
              + "': not a Java time zone ID (such as UTC or America/Los_Angeles)");
    }
  }

  /**
   * The first due time after {@code now}; fails with {@code INVALID_PARAMETER_VALUE} when there is
   * none (February 30th, or only years that are over).
   */
  Instant requireNext(Instant now) {
    Instant next = next(now);
    if (next == null) {
      throw ApiException.invalid(
          "Invalid quartz_cron_expression '" + expression + "': it never fires after " + now);
    }
    return next;
  }

  /** The first due time strictly after {@code after}, or null when there is none. */
  public Instant next(Instant after) {
    ZoneRules rules = zone.getRules();
    LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
    ZoneOffsetTransition transition = rules.getTransition(wall);
    if (transition != null
        && transition.isOverlap()
        && rules.getOffset(after).equals(transition.getOffsetAfter())) {
      // In the second pass of a repeated hour: its wall-clock times fired in the first pass, so
      // the next candidate is the first wall-clock time after the repeated hour.
      wall = transition.getDateTimeBefore().minusNanos(1);
    }
    while (true) {
      wall = nextWall(wall);
      if (wall == null) {
        return null;
      }
      Instant due = place(wall, rules);
      if (due.isAfter(after)) {
        return due;
      }
    }
  }

  /** The first due time at or after {@code from}, or null when there is none. */
  public Instant nextAtOrAfter(Instant from) {
    return next(from.minusNanos(1));
  }

  /** The first wall-clock time strictly after {@code wall} (whole seconds), or null. */
  private LocalDateTime nextWall(LocalDateTime wall) {
    // Date has milliseconds; Quartz drops them and starts at the next whole second.
    Date next = cron.getTimeAfter(Date.from(wall.toInstant(ZoneOffset.UTC)));
    return next == null ? null : LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
  }

  /** Where a wall-clock time falls on the time line, by the rules in the class comment. */
  private static Instant place(LocalDateTime wall, ZoneRules rules) {
    ZoneOffsetTransition transition = rules.getTransition(wall);
    if (transition == null) {
      return wall.toInstant(rules.getOffset(wall));
    }
    if (transition.isGap()) {
      return transition.getInstant();
    }
    return wall.toInstant(transition.getOffsetBefore());
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "'%s' in %s", expression, zone);
  }
}
