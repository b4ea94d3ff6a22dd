package dev.kiln.driver.libraries;

import dev.kiln.driver.exec.ContextLibraries;
import dev.kiln.driver.jar.ExitRewriter;
import dev.kiln.model.node.libraries.NodeLibrary;
import dev.kiln.model.node.libraries.NodeLibraryState;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.MutableURLClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libraries installed on this driver, and their installation, one at a time in the order asked.
 * Everything lives in the driver's own folder ({@code <node>/libraries}): a new driver (a restart)
 * starts without libraries and is given them again.
 *
 * <ul>
 *   <li>A jar (a file the control plane put here, or a Maven library's jars, resolved with {@link
 *       MavenResolver}) is copied to {@code jars/}, added to the SparkContext ({@code addJar}:
 *       every executor fetches it) and to the SparkSession's shared jar class loader, the one
 *       {@code ADD JAR} uses: execution contexts run with it as context class loader, and Scala
 *       compiles against the jars.
 *   <li>A PyPI package, wheel or requirements file is installed by pip into {@link
 *       PythonLibraries}'s venv, whose folder is on the path of Python contexts and their workers.
 * </ul>
 */
public final class DriverLibraries implements ContextLibraries, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DriverLibraries.class);

  private final SparkContext sc;
  private final MutableURLClassLoader loader;
  private final Path root;
  private final Path defaultCache;
  private final List<String> sparkModules;
  private final Optional<PythonLibraries> python;
  private final List<Path> jars = new CopyOnWriteArrayList<>();
  private final Map<String, NodeLibraryState> states = new LinkedHashMap<>();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kiln-libraries");
            t.setDaemon(true);
            return t;
          });

  DriverLibraries(
      SparkContext sc,
      MutableURLClassLoader loader,
      Path root,
      List<String> sparkModules,
      Optional<Path> basePython) {
    this.sc = sc;
    this.loader = loader;
    this.root = root;
    this.defaultCache = root.resolve("cache");
    this.sparkModules = sparkModules;
    this.python =
        basePython.map(p -> new PythonLibraries(p, root.resolve("python"), root.resolve("logs")));
  }

  /**
   * The libraries of the driver of {@code spark}, kept in {@code root}; {@code basePython} is the
   * runtime's Python (none: Python libraries fail), {@code sparkHome} the runtime folder.
   */
  public static DriverLibraries open(
      SparkSession spark, Path root, Optional<Path> basePython, Path sparkHome) {
    MutableURLClassLoader loader =
        spark instanceof org.apache.spark.sql.classic.SparkSession classic
            ? classic.sharedState().jarClassLoader()
            : new MutableURLClassLoader(new URL[0], DriverLibraries.class.getClassLoader());
    return new DriverLibraries(
        spark.sparkContext(), loader, root, sparkModules(sparkHome.resolve("jars")), basePython);
  }

  // ---- what contexts see

  @Override
  public ClassLoader classLoader() {
    return loader;
  }

  @Override
  public List<Path> jars() {
    return List.copyOf(jars);
  }

  @Override
  public Optional<Path> pythonPath() {
    if (python.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(python.get().sitePackages());
    } catch (IOException e) {
      log.warn("No Python environment for libraries: {}", e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  // ---- installing

  /**
   * Queues the libraries this driver has not seen (or saw fail: they are tried again); answers the
   * state of each. {@code cacheDir} is where downloads may be shared with other clusters (null: a
   * folder of this driver).
   */
  public synchronized List<NodeLibraryState> submit(List<NodeLibrary> libraries, Path cacheDir) {
    Path cache = cacheDir == null ? defaultCache : cacheDir;
    List<NodeLibraryState> answer = new ArrayList<>();
    for (NodeLibrary library : libraries) {
      NodeLibraryState known = states.get(library.id());
      if (known == null || known.status().equals("FAILED")) {
        String first = library.maven() != null ? "RESOLVING" : "INSTALLING";
        known = new NodeLibraryState(library.id(), first, null);
        states.put(library.id(), known);
        worker.execute(() -> install(library, cache));
      }
      answer.add(known);
    }
    return answer;
  }

  /** Every library asked for, in order. */
  public synchronized List<NodeLibraryState> states() {
    return List.copyOf(states.values());
  }

  private synchronized void set(String id, String status, String message) {
    states.put(id, new NodeLibraryState(id, status, message));
  }

  private void install(NodeLibrary library, Path cache) {
    long started = System.nanoTime();
    try {
      installOne(library, cache, status -> set(library.id(), status, null));
      set(library.id(), "INSTALLED", null);
      log.info(
          "Library {} installed in {} ms",
          describe(library),
          (System.nanoTime() - started) / 1_000_000);
    } catch (LibraryFailure e) {
      log.warn("Library {} failed: {}", describe(library), e.getMessage());
      set(library.id(), "FAILED", e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      log.warn("Library {} failed", describe(library), e);
      set(library.id(), "FAILED", "Installation failed: " + e);
    }
  }

  private void installOne(NodeLibrary library, Path cache, Consumer<String> progress)
      throws LibraryFailure {
    if (library.jar() != null) {
      Path jar = Path.of(library.jar());
      addJar(jar, library.id().substring(0, Math.min(12, library.id().length())) + "-", true);
    } else if (library.maven() != null) {
      List<Path> resolved =
          new MavenResolver(cache.resolve("ivy"), sparkModules).resolve(library.maven());
      progress.accept("INSTALLING");
      for (Path jar : resolved) {
        addJar(jar, "", false);
      }
    } else if (library.pypi() != null) {
      pip(library.id(), List.of(library.pypi().packageName()), library.pypi().repo());
    } else if (library.whl() != null) {
      pip(library.id(), List.of(library.whl()), null);
    } else if (library.requirements() != null) {
      pip(library.id(), List.of("-r", library.requirements()), null);
    } else {
      throw new LibraryFailure("The library names nothing to install");
    }
  }

  private void pip(String id, List<String> args, String indexUrl) throws LibraryFailure {
    if (python.isEmpty()) {
      throw new LibraryFailure("This cluster has no Python to install Python libraries into");
    }
    python.get().install(id, args, indexUrl);
  }

  /**
   * Copies {@code source} to {@code jars/} (as {@code prefix + its name}) and adds it to Spark and
   * the jar class loader; a jar of that name already added is not added again. A user's own jar
   * ({@code guardExits}) is copied with its exit calls redirected (see {@link ExitRewriter}), so
   * that a jar task calling {@code System.exit} does not end the driver.
   */
  private void addJar(Path source, String prefix, boolean guardExits) throws LibraryFailure {
    if (!Files.isRegularFile(source)) {
      throw new LibraryFailure("The jar " + source + " is not there");
    }
    if (!isZip(source)) {
      throw new LibraryFailure("The file " + source.getFileName() + " is not a jar");
    }
    Path target = root.resolve("jars").resolve(prefix + source.getFileName());
    if (jars.contains(target)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      if (guardExits) {
        ExitRewriter.copy(source, target);
      } else {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
      sc.addJar(target.toString());
      loader.addURL(target.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new LibraryFailure("Could not copy the jar " + source + ": " + e, e);
    }
    jars.add(target);
  }

  /** A jar is a zip file: it starts with {@code PK\3\4}. */
  static boolean isZip(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(NodeLibrary library) {
    if (library.jar() != null) {
      return "jar " + library.jar();
    }
    if (library.maven() != null) {
      return "maven " + library.maven().coordinates();
    }
    if (library.pypi() != null) {
      return "pypi " + library.pypi().packageName();
    }
    if (library.whl() != null) {
      return "whl " + library.whl();
    }
    return "requirements " + library.requirements();
  }

  /** Artifact ids of the Spark modules among the runtime's jars ({@code spark-sql_2.13}). */
  static List<String> sparkModules(Path jarsDir) {
    List<String> modules = new ArrayList<>();
    try (Stream<Path> files = Files.list(jarsDir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("spark-") && n.endsWith(".jar"))
          .map(n -> n.replaceFirst("-[0-9][^-]*(-[A-Za-z0-9.]+)?\\.jar$", ""))
          .sorted()
          .forEach(modules::add);
    } catch (IOException e) {
      log.warn("Could not list the runtime's jars in {}: {}", jarsDir, e.toString());
    }
    return modules;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
