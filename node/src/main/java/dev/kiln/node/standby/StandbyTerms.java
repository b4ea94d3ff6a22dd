package dev.kiln.node.standby;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which executor launches a standby JVM can run as if the Worker had started a JVM for them: the
 * same main class, class path and heap, no JVM option the standby was not started with, and the
 * same environment but for what differs per executor. System properties ({@code -D}) are set in the
 * standby before the executor starts. Anything else is refused, and runs in a new JVM.
 *
 * @param classPath the standby's {@code -cp}, exactly as the Worker writes it
 * @param heapMb the standby's {@code -Xmx} in MB
 * @param jvmOptions the other options the standby JVM was started with
 * @param env the standby's environment
 */
record StandbyTerms(String classPath, int heapMb, Set<String> jvmOptions, Map<String, String> env) {
  static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  static final String AUTH_SECRET_ENV = "_SPARK_AUTH_SECRET";
  private static final String LOG_URL_PREFIX = "SPARK_LOG_URL_";

  /** Differs from one executor launch to the next, or is the shell's own. */
  private static final Set<String> PER_LAUNCH_ENV =
      Set.of(
          AUTH_SECRET_ENV,
          "SPARK_EXECUTOR_DIRS",
          "SPARK_LAUNCH_WITH_SCALA",
          "PWD",
          "OLDPWD",
          "SHLVL",
          "_");

  /** What the standby answers a launch. */
  sealed interface Decision {
    /**
     * Run the executor here.
     *
     * @param args CoarseGrainedExecutorBackend's arguments
     * @param properties system properties to set first
     * @param logUrls the executor's log links ({@code SPARK_LOG_URL_*}, keys as Spark reports them)
     * @param warmup a pool's warm-up executor: the standby stays up after it
     */
    record Take(
        List<String> args,
        Map<String, String> properties,
        Map<String, String> logUrls,
        boolean warmup)
        implements Decision {}

    record Refuse(String why) implements Decision {}
  }

  Decision decide(LaunchRequest request) {
    List<String> command = request.args();
    Map<String, String> properties = new LinkedHashMap<>();
    int main = command.indexOf(EXECUTOR_MAIN);
    if (main < 0) {
      return new Decision.Refuse("not an executor launch");
    }
    String cp = null;
    Integer heap = null;
    for (int i = 0; i < main; i++) {
      String arg = command.get(i);
      if ((arg.equals("-cp") || arg.equals("-classpath")) && i + 1 < main) {
        cp = command.get(++i);
      } else if (arg.startsWith("-Xmx")) {
        heap = megabytes(arg.substring(4));
      } else if (arg.startsWith("-D")) {
        int eq = arg.indexOf('=');
        properties.put(
            eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      } else if (!jvmOptions.contains(arg)) {
        return new Decision.Refuse("JVM option " + arg + " is not the standby's");
      }
    }
    if (!classPath.equals(cp)) {
      return new Decision.Refuse("class path " + cp + " is not the standby's");
    }
    if (heap == null || heap != heapMb) {
      return new Decision.Refuse("heap " + heap + " MB is not the standby's " + heapMb + " MB");
    }
    Set<String> differ = new TreeSet<>();
    Set<String> names = new HashSet<>(env.keySet());
    names.addAll(request.env().keySet());
    for (String name : names) {
      if (!PER_LAUNCH_ENV.contains(name)
          && !name.startsWith(LOG_URL_PREFIX)
          && !java.util.Objects.equals(env.get(name), request.env().get(name))) {
        differ.add(name);
      }
    }
    if (!differ.isEmpty()) {
      return new Decision.Refuse("environment differs in " + differ);
    }
    String secret = request.env().get(AUTH_SECRET_ENV);
    if (secret != null) {
      properties.put("spark.authenticate.secret", secret);
    }
    Map<String, String> logUrls = new LinkedHashMap<>();
    request.env().entrySet().stream()
        .filter(e -> e.getKey().startsWith(LOG_URL_PREFIX))
        .forEach(
            e ->
                logUrls.put(
                    e.getKey().substring(LOG_URL_PREFIX.length()).toLowerCase(Locale.ROOT),
                    e.getValue()));
    boolean warmup = properties.containsKey("kiln.pool") && !properties.containsKey("kiln.cluster");
    return new Decision.Take(
        new ArrayList<>(command.subList(main + 1, command.size())), properties, logUrls, warmup);
  }

  /** {@code 1536M}, {@code 1536m}, {@code 2g}, {@code 1048576k}, or bytes; -1 when unreadable. */
  static int megabytes(String size) {
    if (size.isEmpty()) {
      return -1;
    }
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
    long bytes =
        switch (unit) {
          case 'k' -> n << 10;
          case 'm' -> n << 20;
          case 'g' -> n << 30;
          case 't' -> n << 40;
          default -> Character.isDigit(unit) ? n : -1;
        };
    return bytes < 0 || bytes % (1 << 20) != 0 ? -1 : (int) (bytes >> 20);
  }
}
