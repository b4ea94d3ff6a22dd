package dev.kiln.driver.exec;

/** A snapshot of one execution context; {@code error} is set only when its status is Error. */
public record ContextInfo(String id, String language, ContextStatus status, String error) {}
