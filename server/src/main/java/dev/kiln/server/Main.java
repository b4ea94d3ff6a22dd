package dev.kiln.server;

import dev.kiln.server.config.ConfigLoader;
import dev.kiln.server.config.KilnConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln-server start}: runs the control plane in the foreground until it is stopped. */
@Command(
    name = "kiln-server",
    mixinStandardHelpOptions = true,
    subcommands = {Main.Start.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Starts the control plane. */
  @Command(name = "start", description = "Run the control plane in the foreground.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--home", description = "Home folder (default $KILN_HOME or ~/.kiln).")
    Path home;

    @Option(names = "--port", description = "HTTP port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host;

    @Option(names = "--db-url", description = "JDBC URL of the metadata store.")
    String dbUrl;

    @Override
    public Integer call() throws Exception {
      Map<String, String> env = System.getenv();
      Path resolvedHome = home != null ? home : ConfigLoader.defaultHome(env);
      Map<String, String> flags = new LinkedHashMap<>();
      if (port != null) {
        flags.put("port", port.toString());
      }
      if (host != null) {
        flags.put("host", host);
      }
      if (dbUrl != null) {
        flags.put("db.url", dbUrl);
      }
      KilnConfig config = ConfigLoader.load(resolvedHome, env, flags);
      KilnServer server = KilnServer.start(config, Clock.systemUTC());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "kiln-shutdown"));
      stopped.await();
      return 0;
    }
  }
}
