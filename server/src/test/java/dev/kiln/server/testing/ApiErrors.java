package dev.kiln.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the Databricks error a service call fails with. */
public final class ApiErrors {
  private ApiErrors() {}

  /** {@code call} throws an {@link ApiException} with {@code code}. */
  public static void assertFailsWith(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
