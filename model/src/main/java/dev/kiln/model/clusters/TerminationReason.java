package dev.kiln.model.clusters;

import java.util.Map;

/**
 * Why a cluster terminated, e.g. {@code {"code":"INACTIVITY","type":"SUCCESS",
 * "parameters":{"inactivity_duration_min":"120"}}}. Code and type are text so that stored values
 * Kiln does not know (any of Databricks' codes) still round-trip.
 */
public record TerminationReason(String code, String type, Map<String, String> parameters) {

  public static TerminationReason of(TerminationCode code, Map<String, String> parameters) {
    return of(code, code.defaultType(), parameters);
  }

  public static TerminationReason of(
      TerminationCode code, TerminationReasonType type, Map<String, String> parameters) {
    return new TerminationReason(
        code.name(), type.name(), parameters == null ? Map.of() : Map.copyOf(parameters));
  }

  /** {@code USER_REQUEST} with the {@code username} parameter Databricks sends. */
  public static TerminationReason userRequest(String username) {
    return of(TerminationCode.USER_REQUEST, Map.of("username", username));
  }

  /** {@code INACTIVITY} with {@code inactivity_duration_min}. */
  public static TerminationReason inactivity(int minutes) {
    return of(TerminationCode.INACTIVITY, Map.of("inactivity_duration_min", "" + minutes));
  }
}
