package dev.kiln.it.crash;

import static dev.kiln.it.crash.Acks.acknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.it.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Imports Python notebooks; after the restart each exports with its code. */
public final class NotebookWriter implements CrashWriter<String> {
  private static final String FOLDER = "/Users/admin/crash";

  private final ServerProcess server;

  public NotebookWriter(ServerProcess server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "workspace-import";
  }

  @Override
  public void setUp() {
    acknowledged(server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"" + FOLDER + "\"}"));
  }

  @Override
  public String writeOne(int i) {
    String path = FOLDER + "/notebook-" + i;
    String source = "# Databricks notebook source\n" + code(path) + "\n";
    acknowledged(
        server.call(
            "POST",
            "/api/2.0/workspace/import",
            "{\"path\":\""
                + path
                + "\",\"format\":\"SOURCE\",\"language\":\"PYTHON\",\"overwrite\":false,"
                + "\"content\":\""
                + Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8))
                + "\"}"));
    return path;
  }

  @Override
  public void verifyAcknowledged(List<String> acknowledged) {
    for (String path : acknowledged) {
      String content =
          acknowledged(
                  server.call("GET", "/api/2.0/workspace/export?format=SOURCE&path=" + path, null))
              .path("content")
              .asText();
      assertThat(new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8))
          .as("notebook %s", path)
          .contains(code(path));
    }
  }

  private static String code(String path) {
    return "print('" + path + "')";
  }
}
