package dev.kiln.bench;

import dev.kiln.it.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./kiln bench [names...]}: starts the packaged server on a fresh home, runs the named
 * benchmarks (all by default), prints their tables and updates BENCHMARKS.md.
 */
public final class Bench {
  /** The benchmarks that put load on the server, in the order they run. */
  private static final List<Benchmark> LOAD =
      List.of(
          new LatencyBench("scim-me", "/api/2.0/preview/scim/v2/Me", api -> {}),
          new LatencyBench(
              "dbfs-get-status",
              "/api/2.0/dbfs/get-status?path=/bench",
              api -> api.post("/api/2.0/dbfs/mkdirs", "{\"path\":\"/bench\"}")),
          new LatencyBench(
              "workspace-list", "/api/2.0/workspace/list?path=/Users/admin", Bench::notebooks),
          new DbfsTransferBench(),
          new SchedulingBench(),
          new ClustersBench(),
          new ExecutionBench(),
          new PoolsBench(),
          new JobsBench());

  /** Restarts the server, so it runs last, after the memory under load is read. */
  private static final Benchmark STARTUP = new StartupBench();

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Options options;
    List<Benchmark> chosen;
    try {
      options = Options.parse(args);
      chosen = choose(options.names());
    } catch (IllegalArgumentException e) {
      System.err.println("kiln bench: " + e.getMessage() + "\n" + Options.USAGE);
      System.exit(2);
      return;
    }
    String date =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
    String machine = Machine.describe();
    List<Row> rows = run(options, chosen);
    for (Section s : Section.values()) {
      List<List<String>> lines = Report.lines(s, rows, date);
      if (!lines.isEmpty()) {
        System.out.println("\n" + s.title() + "\n" + Report.table(s, lines));
      }
    }
    Report report = Report.read(options.out());
    report.put(rows, date);
    List<String> ran = chosen.stream().map(Benchmark::name).toList();
    Files.writeString(
        options.out(),
        report.markdown(
            names(), date + " on " + machine + "; ran " + String.join(", ", ran) + "."));
    System.out.println("kiln bench: results written to " + options.out());
  }

  private static List<String> names() {
    return Stream.concat(LOAD.stream(), Stream.of(STARTUP)).map(Benchmark::name).toList();
  }

  private static List<Benchmark> choose(List<String> names) {
    List<Benchmark> all = Stream.concat(LOAD.stream(), Stream.of(STARTUP)).toList();
    for (String name : names) {
      if (all.stream().noneMatch(b -> b.name().equals(name))) {
        throw new IllegalArgumentException(
            "unknown benchmark " + name + "; known: " + String.join(", ", names()));
      }
    }
    return all.stream().filter(b -> names.isEmpty() || names.contains(b.name())).toList();
  }

  /** Runs {@code chosen} against one server on a fresh home, which is removed afterwards. */
  private static List<Row> run(Options options, List<Benchmark> chosen)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("kiln-bench-");
    List<Row> rows = new ArrayList<>();
    try (ServerProcess server =
        ServerProcess.start(
            new ServerProcess.Launch(options.serverJar(), work.resolve("home"), null, List.of()))) {
      rows.add(Row.of(Section.SERVER, "first start on a fresh home", server.startMillis() + " ms"));
      rows.add(idleRss(server, "RSS 1 s after the first start"));
      Path scratch = Files.createDirectories(work.resolve("scratch"));
      Api api = new Api(server.url(), server.adminToken(), Duration.ofMinutes(5));
      Benchmark.Context context = new Benchmark.Context(options, server, api, scratch);
      List<String> loaded = new ArrayList<>();
      for (Benchmark b : chosen) {
        if (b == STARTUP && !loaded.isEmpty()) {
          rows.add(rss(server, "RSS after the load", "after " + String.join(", ", loaded)));
        }
        System.err.println("kiln bench: " + b.name() + " ...");
        rows.addAll(runOne(b, context));
        loaded.add(b.name());
      }
      if (!chosen.contains(STARTUP)) {
        rows.add(rss(server, "RSS after the load", "after " + String.join(", ", loaded)));
      }
    } finally {
      deleteTree(work);
    }
    return rows;
  }

  private static List<Row> runOne(Benchmark b, Benchmark.Context context) {
    try {
      return b.run(context);
    } catch (Exception e) {
      return List.of(Row.missing(b.section(), b.name(), "failed: " + e));
    }
  }

  /** The server's memory after a second of rest, so start-up work has settled. */
  static Row idleRss(ServerProcess server, String name) throws InterruptedException {
    Thread.sleep(1000);
    return rss(server, name, "");
  }

  private static Row rss(ServerProcess server, String name, String note) {
    long kib = Machine.rssKib(server.pid());
    return Row.of(
        Section.SERVER,
        name,
        String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0)
            + (note.isEmpty() ? "" : " (" + note + ")"));
  }

  /** The admin's home with a few notebooks in it, for the workspace listing. */
  private static void notebooks(Api api) {
    api.post("/api/2.0/workspace/mkdirs", "{\"path\":\"/Users/admin\"}");
    String source =
        Base64.getEncoder()
            .encodeToString(
                "# Databricks notebook source\nprint(1)\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 10; i++) {
      api.post(
          "/api/2.0/workspace/import",
          "{\"path\":\"/Users/admin/bench-"
              + i
              + "\",\"format\":\"SOURCE\",\"language\":\"PYTHON\",\"overwrite\":true,\"content\":\""
              + source
              + "\"}");
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
