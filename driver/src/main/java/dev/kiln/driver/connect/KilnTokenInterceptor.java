package dev.kiln.driver.connect;

import java.time.Clock;
import java.time.Duration;
import org.apache.spark.SparkEnv;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;
import org.sparkproject.connect.grpc.Status;

/**
 * Spark Connect's door check: every call must carry {@code Authorization: Bearer <Kiln token>}, and
 * the token must be valid on the control plane. Spark Connect creates it by its public no-argument
 * constructor (from {@code spark.connect.grpc.interceptor.classes}); the control plane's URL comes
 * from {@value SparkConnectSettings#CONTROL_PLANE_URL} in the driver's SparkConf.
 */
public final class KilnTokenInterceptor implements ServerInterceptor {
  static final Duration GOOD_FOR = Duration.ofSeconds(60);
  static final Duration BAD_FOR = Duration.ofSeconds(10);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final TokenCache tokens;

  public KilnTokenInterceptor() {
    this(
        new TokenCache(
            new ControlPlaneTokenCheck(
                SparkEnv.get().conf().get(SparkConnectSettings.CONTROL_PLANE_URL, "")),
            Clock.systemUTC(),
            GOOD_FOR,
            BAD_FOR));
  }

  KilnTokenInterceptor(TokenCache tokens) {
    this.tokens = tokens;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String token = bearer(headers.get(AUTHORIZATION));
    if (token == null) {
      return refuse(
          call,
          Status.UNAUTHENTICATED.withDescription(
              "A Kiln personal access token is required: send Authorization: Bearer <token>"));
    }
    return switch (tokens.check(token)) {
      case VALID -> next.startCall(call, headers);
      case INVALID ->
          refuse(call, Status.UNAUTHENTICATED.withDescription("Invalid Kiln access token"));
      case UNAVAILABLE ->
          refuse(
              call,
              Status.UNAVAILABLE.withDescription(
                  "Could not check the access token with the Kiln control plane; retry"));
    };
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  static String bearer(String header) {
    if (header == null || header.length() <= BEARER.length()) {
      return null;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = header.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
