package dev.kiln.driver.exec;

public record ContextInfo(String contextId, String user, java.nio.file.Path workDir) {}
