package dev.kiln.model.node.exec;

import java.util.List;
import java.util.Map;

/**
 * The command of a {@code jar} context on a driver (a jar or spark-submit job task): call {@code
 * main_class}'s {@code main(String[])} with {@code parameters}, the class coming from the cluster's
 * installed libraries. With {@code conf} (spark-submit's {@code --conf}) the program gets a session
 * of the run's own, sharing the cluster's catalog, with the runtime SQL confs among them set; the
 * others are reported in its output as not applicable. Without it the program gets the cluster's
 * session.
 */
public record JarMain(String mainClass, List<String> parameters, Map<String, String> conf) {
  public JarMain {
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
    conf =
        conf == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conf));
  }
}
