package dev.kiln.cli;

import com.databricks.sdk.core.http.Request;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kiln clusters logs}: Kiln's node logs (Databricks has no such endpoint), through the SDK's
 * own HTTP client so that sign-in and errors work as for every other command.
 */
@Command(
    name = "logs",
    description = "Print a node's log (the driver's stdout by default), or list them with --list.")
final class ClusterLogsCommand implements Runnable {
  private static final ObjectMapper TREE = new ObjectMapper();

  @ParentCommand ClustersCommand clusters;

  @Parameters(paramLabel = "CLUSTER_ID")
  String clusterId;

  @Option(names = "--list", description = "List the nodes and their log files instead.")
  boolean list;

  @Option(
      names = "--node",
      paramLabel = "INSTANCE_ID",
      description = "The node (default: the latest driver).")
  String node;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description = "stdout, stderr, or a path from --list (default: stdout).")
  String path;

  @Option(
      names = "--tail-bytes",
      paramLabel = "N",
      description = "Only the last N bytes (the server's default: 1 MiB).")
  Long tailBytes;

  @Override
  public void run() {
    Kiln kiln = clusters.kiln;
    if (list) {
      JsonNode listed =
          get(
              new Request("GET", "/api/2.1/clusters/logs/list")
                  .withQueryParam("cluster_id", clusterId));
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode n : listed.path("nodes")) {
        List<String> head =
            List.of(
                n.path("instance_id").asText(),
                n.path("role").asText(),
                ClusterRows.time(n.path("start_timestamp").asLong()),
                ClusterRows.time(n.path("end_timestamp").asLong()));
        if (n.path("files").isEmpty()) {
          rows.add(concat(head, List.of("", "")));
        }
        for (JsonNode f : n.path("files")) {
          rows.add(concat(head, List.of(f.path("path").asText(), f.path("size").asText())));
        }
      }
      kiln.output()
          .print(listed, List.of("Instance", "Role", "Started", "Ended", "File", "Size"), rows);
      return;
    }
    Request read =
        new Request("GET", "/api/2.1/clusters/logs").withQueryParam("cluster_id", clusterId);
    if (node != null) {
      read.withQueryParam("instance_id", node);
    }
    if (path != null) {
      read.withQueryParam("path", path);
    }
    if (tailBytes != null) {
      read.withQueryParam("tail_bytes", tailBytes.toString());
    }
    JsonNode log = get(read);
    if (kiln.output().json()) {
      kiln.output().printJson(log);
      return;
    }
    kiln.out.print(log.path("content").asText());
    kiln.out.flush();
    if (log.path("truncated").asBoolean()) {
      kiln.err.println(
          "(only the end of " + log.path("path").asText() + "; --tail-bytes shows more)");
    }
  }

  private JsonNode get(Request request) {
    try {
      RawJson body =
          clusters
              .kiln
              .client()
              .apiClient()
              .execute(request.withHeader("Accept", "application/json"), RawJson.class);
      return TREE.valueToTree(body.fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JSON object as the API returned it. The SDK fills a new instance of the answer's class, so
   * this has to be a public class with a public constructor rather than a {@link JsonNode}.
   */
  public static final class RawJson {
    final Map<String, Object> fields = new LinkedHashMap<>();

    public RawJson() {}

    @JsonAnySetter
    public void put(String name, Object value) {
      fields.put(name, value);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
