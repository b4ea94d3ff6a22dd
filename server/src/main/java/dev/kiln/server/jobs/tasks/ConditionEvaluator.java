package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.ConditionTaskOp;
import java.math.BigDecimal;

/**
 * A condition task's comparison: numerically when both sides are numbers ({@code "2.0"} equals
 * {@code "2"}), otherwise as strings (case-sensitive, lexicographic for the orderings).
 */
public final class ConditionEvaluator {
  private ConditionEvaluator() {}

  public static boolean evaluate(ConditionTaskOp op, String left, String right) {
    BigDecimal l = number(left);
    BigDecimal r = number(right);
    int cmp = l != null && r != null ? l.compareTo(r) : left.compareTo(right);
    return switch (op) {
      case EQUAL_TO -> cmp == 0;
      case NOT_EQUAL -> cmp != 0;
      case GREATER_THAN -> cmp > 0;
      case GREATER_THAN_OR_EQUAL -> cmp >= 0;
      case LESS_THAN -> cmp < 0;
      case LESS_THAN_OR_EQUAL -> cmp <= 0;
    };
  }

  private static BigDecimal number(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
