package dev.kiln.server.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.model.Json;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.model.node.PoolInstanceSpec;
import dev.kiln.model.node.SparkWorkerInfo;
import dev.kiln.server.compute.ComputeBackend;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.NodeRow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compute backend without processes, for the reconcilers' unit tests: each node is a small HTTP
 * server on loopback that answers the node protocol ({@code /status}, {@code /stop}, {@code
 * /assign}, {@code /decommission}) as a Spark node would, in the phase the test puts it in. A
 * driver reports its cluster's READY workers as ALIVE, with an executor each.
 */
public final class FakeCompute implements ComputeBackend, AutoCloseable {
  private final HostCapacity capacity;
  private final Map<String, FakeNode> nodes = new ConcurrentHashMap<>();
  private final AtomicLong pids = new AtomicLong(1000);

  /** The instance ids launched, in order. */
  public final List<String> launched = new CopyOnWriteArrayList<>();

  /** The phase a node takes when it starts its role: READY unless a test holds nodes back. */
  public volatile NodePhase startPhase = NodePhase.READY;

  /** When set, launches fail as a host that cannot start processes would. */
  public volatile boolean refuseLaunches;

  public FakeCompute(HostCapacity capacity) {
    this.capacity = capacity;
  }

  @Override
  public HostCapacity capacity() {
    return capacity;
  }

  @Override
  public long launch(NodeRow node, NodeSpec spec, int heapMb, Map<String, String> env)
      throws IOException {
    FakeNode started = start(node);
    started.take(spec, startPhase);
    return started.pid;
  }

  @Override
  public long launchPoolInstance(NodeRow node, PoolInstanceSpec spec, int heapMb)
      throws IOException {
    FakeNode started = start(node);
    started.phase = NodePhase.IDLE;
    return started.pid;
  }

  private FakeNode start(NodeRow node) throws IOException {
    if (refuseLaunches) {
      throw new IOException("no room for processes");
    }
    FakeNode started = new FakeNode(this, node.instanceId(), pids.incrementAndGet());
    nodes.put(node.instanceId(), started);
    launched.add(node.instanceId());
    return started;
  }

  @Override
  public Observed observe(NodeRow node) {
    FakeNode n = nodes.get(node.instanceId());
    return n == null ? Observed.none() : new Observed(n.pid, n.alive, n.port());
  }

  @Override
  public void signal(NodeRow node, Signal signal) {
    FakeNode n = nodes.get(node.instanceId());
    if (n != null) {
      n.signals.add(signal);
      if (signal == Signal.KILL || !n.stubborn) {
        n.exit();
      }
    }
  }

  @Override
  public int signalLeftovers(String clusterId, Signal signal) {
    return 0; // fake nodes fork no executors
  }

  @Override
  public void adoptArchive(NodeRow instance, Path archive) {}

  /** The node launched as {@code instanceId}. */
  public FakeNode node(String instanceId) {
    FakeNode n = nodes.get(instanceId);
    if (n == null) {
      throw new IllegalArgumentException("no node " + instanceId + " was launched");
    }
    return n;
  }

  /** The nodes whose process runs. */
  public List<FakeNode> running() {
    return nodes.values().stream().filter(n -> n.alive).toList();
  }

  /** Every node that started its role goes READY. */
  public void readyAll() {
    nodes.values().stream().filter(n -> n.role != null).forEach(n -> n.phase = NodePhase.READY);
  }

  @Override
  public void close() {
    nodes.values().forEach(FakeNode::exit);
  }

  /** One fake node: its process (alive or not) and its API. */
  public static final class FakeNode {
    private static final ObjectMapper JSON = Json.mapper();
    private final FakeCompute compute;
    private final HttpServer http;
    public final String instanceId;
    public final long pid;
    public final List<Signal> signals = new CopyOnWriteArrayList<>();
    public volatile boolean alive = true;

    /** A hung node: it takes a stop request and SIGTERM but goes on running; SIGKILL ends it. */
    public volatile boolean stubborn;

    public volatile boolean stopAsked;
    public volatile boolean decommissioned;
    public volatile NodePhase phase = NodePhase.STARTING;
    public volatile NodeRole role;
    public volatile String clusterId;
    public volatile String masterUrl;

    FakeNode(FakeCompute compute, String instanceId, long pid) throws IOException {
      this.compute = compute;
      this.instanceId = instanceId;
      this.pid = pid;
      this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      http.createContext("/", this::handle);
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    void take(NodeSpec spec, NodePhase startPhase) {
      clusterId = spec.clusterId();
      masterUrl = spec.masterUrl();
      role = spec.role();
      phase = startPhase;
    }

    /** The node's process ends (it crashed, or was signalled). */
    public void exit() {
      alive = false;
      new Thread(() -> http.stop(0)).start();
    }

    /** The Spark port: the Master's on a driver, the Worker's on a worker. */
    int sparkPort() {
      return 20_000 + (int) pid;
    }

    NodeStatus status() {
      boolean ready = phase == NodePhase.READY;
      boolean driver = role == NodeRole.DRIVER;
      List<SparkWorkerInfo> workers = driver && ready ? workers() : null;
      return new NodeStatus(
          instanceId,
          role,
          phase,
          phase == NodePhase.FAILED ? "it failed" : null,
          null,
          pid,
          0,
          ready ? sparkPort() : null,
          null,
          null,
          driver && ready ? "spark://127.0.0.1:" + sparkPort() : null,
          null,
          workers,
          workers == null ? null : (int) workers.stream().filter(w -> w.executors() > 0).count(),
          0,
          null,
          List.of(),
          0,
          null,
          0,
          0,
          null);
    }

    /** The cluster's workers as its Master sees them. */
    private List<SparkWorkerInfo> workers() {
      List<SparkWorkerInfo> workers = new ArrayList<>();
      for (FakeNode n : compute.nodes.values()) {
        if (n.alive
            && n.role == NodeRole.WORKER
            && clusterId.equals(n.clusterId)
            && n.phase == NodePhase.READY) {
          workers.add(
              new SparkWorkerInfo(
                  n.instanceId,
                  "127.0.0.1",
                  n.sparkPort(),
                  n.decommissioned ? "DECOMMISSIONED" : "ALIVE",
                  1,
                  1024,
                  n.decommissioned ? 0 : 1,
                  0));
        }
      }
      return workers;
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        if (!alive) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        String path = exchange.getRequestURI().getPath();
        byte[] answer = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        switch (path) {
          case "/status" -> answer = JSON.writeValueAsBytes(status());
          case "/stop" -> stopAsked = true;
          case "/assign" ->
              take(
                  JSON.readValue(exchange.getRequestBody().readAllBytes(), NodeSpec.class),
                  compute.startPhase);
          case "/decommission" -> decommissioned = true;
          default -> {
            exchange.sendResponseHeaders(404, -1);
            return;
          }
        }
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
        if (path.equals("/stop") && !stubborn) {
          exit(); // the node stops Spark and exits once it answered
        }
      }
    }
  }
}
