package dev.kiln.cli;

import com.databricks.sdk.service.compute.CancelCommand;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandExecutionAPI;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.ContextStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Command Execution 1.2 calls of one {@code kiln exec} on one cluster: a context, a command, and
 * the waits for them, with progress on a {@link StatusLine} and one deadline for all of it.
 */
final class ExecRunner {
  private static final Duration FIRST_POLL = Duration.ofMillis(100);

  private final CommandExecutionAPI api;
  private final String clusterId;
  private final StatusLine line;
  private final Clock clock;
  private final Instant deadline;
  private final Duration timeout;

  ExecRunner(
      CommandExecutionAPI api,
      String clusterId,
      StatusLine line,
      Clock clock,
      Instant deadline,
      Duration timeout) {
    this.api = api;
    this.clusterId = clusterId;
    this.line = line;
    this.clock = clock;
    this.deadline = deadline;
    this.timeout = timeout;
  }

  /** A new context; {@link #awaitContext} waits until it is Running. */
  String openContext(Language language) {
    return api.create(new CreateContext().setClusterId(clusterId).setLanguage(language))
        .getResponse()
        .getId();
  }

  /** Waits until a new context is Running; one that fails (or times out) is destroyed. */
  void awaitContext(String id) {
    try {
      poll(
          "context " + id,
          () -> {
            ContextStatusResponse s = api.contextStatus(clusterId, id);
            if (s.getStatus() == ContextStatus.ERROR) {
              throw new CliFailure("context " + id + " on cluster " + clusterId + " failed");
            }
            return s.getStatus() == ContextStatus.RUNNING ? null : Objects.toString(s.getStatus());
          });
    } catch (RuntimeException e) {
      destroyQuietly(id);
      throw e;
    }
  }

  /** Checks that a given context exists (and is usable) on the cluster. */
  void checkContext(String contextId) {
    ContextStatusResponse s = api.contextStatus(clusterId, contextId);
    if (s.getStatus() == ContextStatus.ERROR) {
      throw new CliFailure("context " + contextId + " on cluster " + clusterId + " failed");
    }
  }

  /** Starts a command; answers its id. */
  String submit(String contextId, Language language, String code) {
    return api.execute(
            new Command()
                .setClusterId(clusterId)
                .setContextId(contextId)
                .setLanguage(language)
                .setCommand(code))
        .getResponse()
        .getId();
  }

  /**
   * The command once it is Finished, Error or Cancelled. When the deadline passes first it is
   * cancelled and this fails with exit {@link Kiln#TIMED_OUT}.
   */
  CommandStatusResponse await(String contextId, String commandId) {
    CommandStatusResponse[] last = new CommandStatusResponse[1];
    try {
      poll(
          "command " + commandId,
          () -> {
            CommandStatusResponse s = api.commandStatus(clusterId, contextId, commandId);
            last[0] = s;
            CommandStatus status = s.getStatus();
            boolean over =
                status == CommandStatus.FINISHED
                    || status == CommandStatus.ERROR
                    || status == CommandStatus.CANCELLED;
            return over ? null : Objects.toString(status);
          });
    } catch (CliFailure e) {
      if (e.exitCode() == Kiln.TIMED_OUT) {
        cancelQuietly(contextId, commandId);
      }
      throw e;
    }
    return last[0];
  }

  /** Asks the cluster to cancel a command; does not wait for it. */
  void cancel(String contextId, String commandId) {
    api.cancel(
        new CancelCommand()
            .setClusterId(clusterId)
            .setContextId(contextId)
            .setCommandId(commandId));
  }

  void destroy(String contextId) {
    api.destroy(new DestroyContext().setClusterId(clusterId).setContextId(contextId));
  }

  void destroyQuietly(String contextId) {
    try {
      destroy(contextId);
    } catch (RuntimeException e) {
      // Best effort: the cluster's end takes its contexts with it.
    }
  }

  private void cancelQuietly(String contextId, String commandId) {
    try {
      cancel(contextId, commandId);
    } catch (RuntimeException e) {
      // Best effort: destroying the context stops it too.
    }
  }

  /**
   * Polls {@code status} (null once done, else what to show) until done, showing progress; fails
   * with exit {@link Kiln#TIMED_OUT} at the deadline.
   */
  private void poll(String what, Supplier<String> status) {
    new Waiting(line, clock, FIRST_POLL)
        .until(
            what,
            what,
            deadline,
            timeout,
            shown -> what + " (" + shown + ")",
            () -> {
              String shown = status.get();
              return shown == null ? Waiting.Seen.done(null, true) : Waiting.Seen.waiting(shown);
            });
  }
}
