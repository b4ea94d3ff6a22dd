package dev.kiln.cli;

import com.databricks.sdk.service.jobs.RunNow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The parameters of {@code jobs run-now}, as JSON the way the Databricks CLI takes them. */
final class RunParameters {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--job-parameters",
      paramLabel = "JSON",
      description = "Job parameters, e.g. '{\"env\":\"prod\"}'.")
  String jobParameters;

  @Option(
      names = "--notebook-params",
      paramLabel = "JSON",
      description = "Notebook task widgets, e.g. '{\"date\":\"2026-01-01\"}'.")
  String notebookParams;

  @Option(
      names = "--python-params",
      paramLabel = "JSON",
      description = "Python file task arguments, e.g. '[\"a\",\"b\"]'.")
  String pythonParams;

  @Option(names = "--jar-params", paramLabel = "JSON", description = "JAR task arguments.")
  String jarParams;

  @Option(
      names = "--spark-submit-params",
      paramLabel = "JSON",
      description = "spark-submit task arguments.")
  String sparkSubmitParams;

  RunNow apply(RunNow request) {
    return request
        .setJobParameters(map("--job-parameters", jobParameters))
        .setNotebookParams(map("--notebook-params", notebookParams))
        .setPythonParams(list("--python-params", pythonParams))
        .setJarParams(list("--jar-params", jarParams))
        .setSparkSubmitParams(list("--spark-submit-params", sparkSubmitParams));
  }

  private static Map<String, String> map(String option, String json) {
    return json == null ? null : parse(option, json, new TypeReference<Map<String, String>>() {});
  }

  private static List<String> list(String option, String json) {
    return json == null ? null : parse(option, json, new TypeReference<List<String>>() {});
  }

  private static <T> T parse(String option, String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new CliFailure("invalid JSON in " + option + ": " + e.getOriginalMessage(), Kiln.USAGE);
    }
  }
}
