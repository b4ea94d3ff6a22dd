package dev.kiln.driver.python;

/**
 * A command as the Python REPL receives it through py4j ({@code Bridge.nextCommand}).
 *
 * @param commandId the command's id (the result goes back with it)
 * @param code the Python source
 * @param jobGroup the Spark job group the command's jobs run in (cancelled with it)
 */
public record PythonCommand(String commandId, String code, String jobGroup) {}
