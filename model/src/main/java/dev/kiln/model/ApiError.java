package dev.kiln.model;

/** The body of every failed call: Databricks clients branch on {@code error_code}. */
public record ApiError(String errorCode, String message) {}
