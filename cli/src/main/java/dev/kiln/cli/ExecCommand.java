package dev.kiln.cli;

import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClustersAPI;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.State;
import dev.kiln.cli.ClusterWaiter.Goal;
import dev.kiln.cli.ExecSource.Snippet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kiln exec}: runs a snippet or file on a cluster through Command Execution 1.2 and prints
 * its result. Ctrl-C cancels the command (the JVM then exits 130).
 */
@Command(
    name = "exec",
    description = {
      "Run SQL, Python or Scala on a cluster and print the result, e.g.",
      "  kiln exec --cluster ID -e 'SELECT 1'  --language sql",
      "  kiln exec --cluster ID job.py          (the language from .sql/.py/.scala)",
      "Ctrl-C cancels the command."
    })
final class ExecCommand implements Callable<Integer> {
  @ParentCommand Kiln kiln;

  @Option(
      names = {"-c", "--cluster"},
      required = true,
      paramLabel = "CLUSTER_ID",
      description = "The cluster to run on.")
  String clusterId;

  @Mixin ExecSource source;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT_ID",
      description = "Run in this existing context (kept afterwards) instead of a new one.")
  String contextId;

  @Option(
      names = "--keep-context",
      description = "Keep the new context (its ID goes to stderr) for later --context runs.")
  boolean keepContext;

  @Option(names = "--start", description = "Start the cluster first if it is TERMINATED.")
  boolean start;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "20m",
      converter = Durations.class,
      description =
          "Give up (and cancel the command) after this long (e.g. 90s, 20m); then exit 3."
              + " Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(
      names = {"-v", "--verbose"},
      description = "With an error result, print its cause (the stack trace) too.")
  boolean verbose;

  @Override
  public Integer call() {
    Snippet snippet = source.read(kiln.in);
    Clock clock = Clock.systemUTC();
    Instant deadline = clock.instant().plus(timeout);
    ensureRunning(clock, deadline);
    StatusLine line = new StatusLine(kiln.err, kiln.terminal());
    ExecRunner runner =
        new ExecRunner(kiln.client().commandExecution(), clusterId, line, clock, deadline, timeout);
    boolean ownContext = contextId == null;
    String context = ownContext ? runner.openContext(snippet.language().api) : contextId;
    boolean destroy = ownContext && !keepContext;
    AtomicReference<String> command = new AtomicReference<>();
    CommandStatusResponse done;
    try {
      done = runCancellable(runner, context, snippet, command, destroy);
    } finally {
      if (destroy) {
        runner.destroyQuietly(context);
      }
    }
    if (done.getStatus() == CommandStatus.CANCELLED) {
      throw new CliFailure("command " + command.get() + " was cancelled");
    }
    return ExecResults.print(done.getResults(), kiln.output(), kiln.out, kiln.err, verbose);
  }

  /**
   * Readies the context, runs the command and waits for it. An interrupt (Ctrl-C, SIGTERM)
   * meanwhile cancels the command (once there is one) and destroys a context this run made.
   */
  private CommandStatusResponse runCancellable(
      ExecRunner runner,
      String context,
      Snippet snippet,
      AtomicReference<String> command,
      boolean destroy) {
    Kiln.Registration onInterrupt =
        kiln.onInterrupt(() -> interrupted(runner, context, command.get(), destroy));
    try {
      if (contextId == null) {
        runner.awaitContext(context);
        if (keepContext) {
          kiln.err.println("context: " + context);
          kiln.err.flush();
        }
      } else {
        runner.checkContext(context);
      }
      command.set(runner.submit(context, snippet.language().api, snippet.code()));
      return runner.await(context, command.get());
    } finally {
      onInterrupt.close();
    }
  }

  /** What an interrupt does: runs in a shutdown hook, after which the JVM exits (130 on SIGINT). */
  private void interrupted(ExecRunner runner, String context, String command, boolean destroy) {
    kiln.err.println();
    if (command != null) {
      kiln.err.println("Cancelling command " + command + "...");
      kiln.err.flush();
      try {
        runner.cancel(context, command);
      } catch (RuntimeException e) {
        kiln.err.println("Error: could not cancel: " + e.getMessage());
      }
    }
    if (destroy) {
      runner.destroyQuietly(context);
    }
    kiln.err.flush();
  }

  /** Makes sure the cluster runs: waits while it starts, or starts it with --start. */
  private void ensureRunning(Clock clock, Instant deadline) {
    ClustersAPI clusters = kiln.client().clusters();
    ClusterDetails cluster = clusters.get(clusterId);
    State state = cluster.getState();
    if (state == State.RUNNING || state == State.RESIZING) {
      return;
    }
    if (state == State.TERMINATED) {
      if (!start) {
        throw new CliFailure(
            "cluster "
                + clusterId
                + " is TERMINATED: pass --start to start it, or run `kiln clusters start "
                + clusterId
                + " --wait` first");
      }
      clusters.start(clusterId);
    } else if (state != State.PENDING && state != State.RESTARTING) {
      throw new CliFailure(ClusterWaiter.ended(clusterId, cluster));
    }
    Duration left = Duration.between(clock.instant(), deadline);
    kiln.waiter().until(clusterId, Goal.RUNNING, left.isNegative() ? Duration.ZERO : left);
  }
}
