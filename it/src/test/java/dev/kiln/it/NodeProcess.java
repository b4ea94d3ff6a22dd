package dev.kiln.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.node.NodeStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One kiln-node process, launched exactly as the control plane does: {@code setsid java -Xmx<heap>m
 * <jvm.options> -Dkiln.cluster -Dkiln.instance -cp "<runtime>/conf:<runtime>/jars/*"
 * dev.kiln.node.KilnNode --spec <nodeDir>/node.json} in the node folder, output appended to {@code
 * logs/stdout} and {@code logs/stderr}, with SPARK_HOME, SPARK_SCALA_VERSION and SPARK_LOCAL_IP.
 */
final class NodeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path nodeDir;
  final Process process;
  final String clusterId;
  private final String secret;
  private int port;

  private NodeProcess(Path nodeDir, Process process, String clusterId, String secret) {
    this.nodeDir = nodeDir;
    this.process = process;
    this.clusterId = clusterId;
    this.secret = secret;
  }

  /** The runtime folder the {@code runtime} module assembles. */
  static Path runtimeDir() {
    return Path.of(System.getProperty("user.dir"), "..", "runtime", "target", "kiln-runtime")
        .toAbsolutePath()
        .normalize();
  }

  /** Writes {@code node.json} from {@code spec} (a JSON tree) and starts the node. */
  static NodeProcess launch(
      Path runtime, Path nodeDir, Map<String, Object> spec, int heapMb, Map<String, String> env)
      throws IOException {
    Files.createDirectories(nodeDir.resolve("logs"));
    Path specFile = nodeDir.resolve("node.json");
    JSON.writeValue(specFile.toFile(), spec);
    String clusterId = (String) spec.get("cluster_id");
    List<String> command = new ArrayList<>(List.of("setsid", "java", "-Xmx" + heapMb + "m"));
    try (Stream<String> lines = Files.lines(runtime.resolve("jvm.options"))) {
      lines.map(String::strip).filter(l -> !l.isEmpty()).forEach(command::add);
    }
    command.add("-Dkiln.cluster=" + clusterId);
    command.add("-Dkiln.instance=" + spec.get("instance_id"));
    command.add("-cp");
    command.add(runtime.resolve("conf") + ":" + runtime.resolve("jars") + "/*");
    command.add("dev.kiln.node.KilnNode");
    command.add("--spec");
    command.add(specFile.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(nodeDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(nodeDir.resolve("logs/stdout").toFile()))
            .redirectError(
                ProcessBuilder.Redirect.appendTo(nodeDir.resolve("logs/stderr").toFile()));
    builder.environment().put("SPARK_HOME", runtime.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(env);
    return new NodeProcess(nodeDir, builder.start(), clusterId, (String) spec.get("node_secret"));
  }

  long pid() {
    return process.pid();
  }

  /** The node API port, once the node has written {@code node.port}. */
  int port() throws IOException, InterruptedException {
    Path file = nodeDir.resolve("node.port");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (port == 0) {
      if (Files.exists(file)) {
        port = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
      } else if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("no node.port; stderr:\n" + stderr());
      } else {
        Thread.sleep(50);
      }
    }
    return port;
  }

  NodeStatus status() throws IOException, InterruptedException {
    HttpResponse<String> response = call("GET", "/status");
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /status: " + response.statusCode() + " " + response.body());
    }
    return JSON.readValue(response.body(), NodeStatus.class);
  }

  HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
    return callWith(method, path, secret);
  }

  HttpResponse<String> callWith(String method, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String stderr() throws IOException {
    Path file = nodeDir.resolve("logs/stderr");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Resident memory of the node's JVM, in MB (0 once it is gone). */
  long rssMb() {
    return ClusterProcesses.rssMb(pid());
  }

  /** Kills this node and everything tagged with its cluster, by PID. */
  @Override
  public void close() {
    process.destroyForcibly();
    ClusterProcesses.killTagged(clusterId);
  }
}
