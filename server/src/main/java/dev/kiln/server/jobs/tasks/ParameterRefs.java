package dev.kiln.server.jobs.tasks;

import dev.kiln.server.jobs.settings.JobsJson;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dynamic value references in task parameters: {@code {{job.id}}}, {@code {{job.run_id}}}, {@code
 * {{task.run_id}}}, {@code {{task.name}}}, {@code {{job.parameters.<name>}}} and {@code
 * {{tasks.<key>.values.<name>}}}. An unknown reference is left as written.
 */
final class ParameterRefs {
  private static final Pattern REF = Pattern.compile("\\{\\{\\s*([\\w.\\-]+)\\s*}}");

  private ParameterRefs() {}

  /** What the references of a run resolve to, by reference name. */
  record Scope(
      Long jobId,
      long jobRunId,
      long taskRunId,
      String taskKey,
      Map<String, String> jobParameters,
      Map<String, Map<String, Object>> taskValues) {}

  static String resolve(String text, Scope scope) {
    if (text == null || !text.contains("{{")) {
      return text;
    }
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = lookup(m.group(1), scope);
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    return m.appendTail(out).toString();
  }

  private static String lookup(String ref, Scope s) {
    String fixed =
        switch (ref) {
          case "job.id" -> s.jobId() == null ? null : s.jobId().toString();
          case "job.run_id" -> Long.toString(s.jobRunId());
          case "task.run_id" -> Long.toString(s.taskRunId());
          case "task.name" -> s.taskKey();
          default -> null;
        };
    if (fixed != null) {
      return fixed;
    }
    if (ref.startsWith("job.parameters.")) {
      return s.jobParameters().get(ref.substring("job.parameters.".length()));
    }
    if (ref.startsWith("tasks.")) {
      String[] parts = ref.split("\\.", 4);
      if (parts.length == 4 && parts[2].equals("values")) {
        Map<String, Object> values = s.taskValues().get(parts[1]);
        Object v = values == null ? null : values.get(parts[3]);
        return v == null ? null : v instanceof String str ? str : JobsJson.write(v);
      }
    }
    return null;
  }
}
