package dev.kiln.server.jobs.settings;

import dev.kiln.server.api.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters of a {@code spark_submit_task}, read as spark-submit reads its command line: each
 * element is one argument (the shell's quoting is already undone, so quotes are kept as given).
 * Options come first, as {@code --opt value} or {@code --opt=value}; the first other argument is
 * the application (a jar or a {@code .py} file) and everything after it is the application's.
 *
 * @param mainClass {@code --class}, or null (then the jar's manifest names it)
 * @param jars {@code --jars}, comma-separated
 * @param pyFiles {@code --py-files}, comma-separated
 * @param packages {@code --packages}, Maven coordinates, comma-separated
 * @param repositories {@code --repositories}, the first of which resolves {@code --packages}
 * @param conf {@code --conf key=value} (also {@code -c}), in order
 * @param name {@code --name}, or null
 * @param ignored the options that have no meaning on a running cluster, as given
 */
public record SparkSubmitArgs(
    String mainClass,
    List<String> jars,
    List<String> pyFiles,
    List<String> packages,
    List<String> repositories,
    Map<String, String> conf,
    String name,
    List<String> ignored,
    String app,
    List<String> appArgs) {

  /** Options of spark-submit that take a value and that a running cluster has no use for. */
  private static final Set<String> IGNORED_WITH_VALUE =
      Set.of(
          "--master",
          "--deploy-mode",
          "--exclude-packages",
          "--files",
          "--archives",
          "--properties-file",
          "--driver-memory",
          "--driver-java-options",
          "--driver-library-path",
          "--driver-class-path",
          "--driver-cores",
          "--executor-memory",
          "--executor-cores",
          "--total-executor-cores",
          "--num-executors",
          "--proxy-user",
          "--principal",
          "--keytab",
          "--queue");

  private static final Set<String> USED =
      Set.of(
          "--class",
          "--jars",
          "--py-files",
          "--packages",
          "--repositories",
          "--conf",
          "-c",
          "--name");

  private static final Set<String> IGNORED_FLAGS = Set.of("--verbose", "-v", "--supervise");

  private static final Set<String> REFUSED =
      Set.of("--help", "-h", "--version", "--kill", "--status");

  public boolean isPython() {
    return app.toLowerCase(Locale.ROOT).endsWith(".py");
  }

  /** Parses {@code parameters}; an ApiException (INVALID_PARAMETER_VALUE) says what is wrong. */
  public static SparkSubmitArgs parse(List<String> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      throw invalid("parameters is required");
    }
    String mainClass = null;
    String name = null;
    List<String> jars = new ArrayList<>();
    List<String> pyFiles = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    List<String> repositories = new ArrayList<>();
    Map<String, String> conf = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    int i = 0;
    while (i < parameters.size()) {
      String arg = parameters.get(i);
      if (arg == null) {
        throw invalid("parameters must not hold null");
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        break; // the application
      }
      if (arg.equals("--")) {
        i++;
        break;
      }
      String option = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        option = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      if (REFUSED.contains(option)) {
        throw invalid(option + " does not run an application and is not supported");
      }
      if (IGNORED_FLAGS.contains(option)) {
        ignored.add(arg);
        i++;
        continue;
      }
      boolean known = IGNORED_WITH_VALUE.contains(option) || USED.contains(option);
      String value;
      if (inline != null) {
        value = inline;
        i++;
      } else if (known) {
        if (i + 1 >= parameters.size() || parameters.get(i + 1) == null) {
          throw invalid(option + " needs a value");
        }
        value = parameters.get(i + 1);
        i += 2;
      } else {
        // An option spark-submit may know and Kiln does not: it takes the next argument as its
        // value unless that is another option or looks like the application.
        boolean takesNext =
            i + 1 < parameters.size()
                && parameters.get(i + 1) != null
                && !parameters.get(i + 1).startsWith("-")
                && !looksLikeApp(parameters.get(i + 1));
        ignored.add(takesNext ? arg + " " + parameters.get(i + 1) : arg);
        i += takesNext ? 2 : 1;
        continue;
      }
      switch (option) {
        case "--class" -> mainClass = nonBlank(option, value);
        case "--name" -> name = value;
        case "--jars" -> jars.addAll(list(value));
        case "--py-files" -> pyFiles.addAll(list(value));
        case "--packages" -> packages.addAll(list(value));
        case "--repositories" -> repositories.addAll(list(value));
        case "--conf", "-c" -> {
          int kv = value.indexOf('=');
          if (kv <= 0) {
            throw invalid(option + " needs key=value, got '" + value + "'");
          }
          conf.put(value.substring(0, kv).strip(), value.substring(kv + 1));
        }
        default -> ignored.add(inline != null ? arg : arg + " " + value);
      }
    }
    if (i >= parameters.size()) {
      throw invalid("parameters name no application: give a jar or a .py file after the options");
    }
    String app = parameters.get(i);
    if (app == null || app.isBlank()) {
      throw invalid("the application path is empty");
    }
    List<String> rest = parameters.subList(i + 1, parameters.size());
    if (rest.stream().anyMatch(Objects::isNull)) {
      throw invalid("parameters must not hold null");
    }
    List<String> appArgs = List.copyOf(rest);
    SparkSubmitArgs args =
        new SparkSubmitArgs(
            mainClass,
            List.copyOf(jars),
            List.copyOf(pyFiles),
            List.copyOf(packages),
            List.copyOf(repositories),
            Collections.unmodifiableMap(conf),
            name,
            List.copyOf(ignored),
            app,
            appArgs);
    if (args.isPython() && mainClass != null) {
      throw invalid("--class applies to a jar application, not to the Python file " + app);
    }
    if (!args.isPython() && !pyFiles.isEmpty()) {
      throw invalid("--py-files applies to a Python application, not to the jar " + app);
    }
    return args;
  }

  private static boolean looksLikeApp(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jar") || lower.endsWith(".py");
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String nonBlank(String option, String value) {
    if (value.isBlank()) {
      throw invalid(option + " needs a value");
    }
    return value.strip();
  }

  private static ApiException invalid(String message) {
    return ApiException.invalid("spark_submit_task: " + message);
  }
}
