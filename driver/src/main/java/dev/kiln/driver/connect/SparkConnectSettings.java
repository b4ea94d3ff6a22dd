package dev.kiln.driver.connect;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.connect.service.SparkConnectService$;

/**
 * Spark Connect on a cluster's driver: the plugin in the SparkSession, bound to 127.0.0.1 on a free
 * port, behind {@link KilnTokenInterceptor}; and the port it got, once the session is up.
 */
public final class SparkConnectSettings {
  public static final String PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin";

  /** Where {@link KilnTokenInterceptor} checks tokens (a Kiln key in the driver's SparkConf). */
  public static final String CONTROL_PLANE_URL = "spark.kiln.connect.controlPlaneUrl";

  /** {@link KilnTokenInterceptor}'s name, without loading it (it needs Spark Connect's classes). */
  static final String INTERCEPTOR = "dev.kiln.driver.connect.KilnTokenInterceptor";

  static final String PLUGINS = "spark.plugins";
  static final String INTERCEPTORS = "spark.connect.grpc.interceptor.classes";

  private SparkConnectSettings() {}

  /**
   * {@code conf} with Spark Connect added: Kiln's plugin and interceptor are appended to the user's
   * {@code spark.plugins} and interceptors, the binding is always 127.0.0.1 on {@code port} (0: any
   * free one, retried by Spark on a clash). Without a control plane to check tokens there is no
   * Spark Connect: {@code conf} comes back as it was.
   */
  public static Map<String, String> apply(
      Map<String, String> conf, String controlPlaneUrl, int port) {
    Map<String, String> out = new LinkedHashMap<>(conf);
    if (controlPlaneUrl == null || controlPlaneUrl.isBlank()) {
      return out;
    }
    out.put(PLUGINS, appended(out.get(PLUGINS), PLUGIN));
    out.put(INTERCEPTORS, appended(out.get(INTERCEPTORS), INTERCEPTOR));
    out.put("spark.connect.grpc.binding.address", "127.0.0.1");
    out.put("spark.connect.grpc.binding.port", Integer.toString(port));
    out.put(CONTROL_PLANE_URL, controlPlaneUrl);
    // A shared token would replace Kiln's check: Kiln tokens are the only way in.
    out.remove("spark.connect.authenticate.token");
    return out;
  }

  /** The port Spark Connect listens on in this JVM, once its plugin started. */
  public static Optional<Integer> port() {
    InetSocketAddress address = SparkConnectService$.MODULE$.bindingAddress();
    return address == null ? Optional.empty() : Optional.of(address.getPort());
  }

  private static String appended(String list, String item) {
    String[] items = list == null ? new String[0] : list.split(",");
    Stream<String> kept = Arrays.stream(items).map(String::strip).filter(s -> !s.isEmpty());
    return Stream.concat(kept.filter(s -> !s.equals(item)), Stream.of(item))
        .collect(Collectors.joining(","));
  }
}
