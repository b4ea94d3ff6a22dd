package dev.kiln.driver.exec;

import dev.kiln.driver.dbutils.DbUtils;

public record CommandScope(
    String contextId,
    String commandId,
    String user,
    String jobGroup,
    DbUtils dbutils,
    Redactor redactor) {}
