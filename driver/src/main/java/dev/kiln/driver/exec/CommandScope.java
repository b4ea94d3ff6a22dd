package dev.kiln.driver.exec;

import dev.kiln.driver.dbutils.DbUtils;

/**
 * What one command runs with: its ids, the user who sent it, the Spark job group its jobs must run
 * under (set by the interpreter on the thread that starts them), the context's dbutils and the
 * redactor of the context's secrets.
 */
public record CommandScope(
    String contextId,
    String commandId,
    String user,
    String jobGroup,
    DbUtils dbutils,
    Redactor redactor) {}
