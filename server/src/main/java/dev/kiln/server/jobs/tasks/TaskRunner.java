package dev.kiln.server.jobs.tasks;

/**
 * Runs one attempt of one kind of task. Called on a thread of its own; returns how the attempt
 * ended, or throws {@link TaskStopped} when {@link TaskContext#checkStop()} finds a stop. After a
 * control-plane restart {@link TaskContext#resumed()} is true and {@link TaskContext#progress()}
 * holds what the runner stored before: it re-attaches to its work or fails cleanly.
 */
interface TaskRunner {
  TaskResult run(TaskContext ctx) throws Exception;
}
