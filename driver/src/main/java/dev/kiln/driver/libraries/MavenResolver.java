package dev.kiln.driver.libraries;

import dev.kiln.model.libraries.MavenLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ivy.Ivy;
import org.apache.ivy.core.cache.DefaultRepositoryCacheManager;
import org.apache.ivy.core.module.descriptor.DefaultDependencyDescriptor;
import org.apache.ivy.core.module.descriptor.DefaultExcludeRule;
import org.apache.ivy.core.module.descriptor.DefaultModuleDescriptor;
import org.apache.ivy.core.module.id.ArtifactId;
import org.apache.ivy.core.module.id.ModuleId;
import org.apache.ivy.core.module.id.ModuleRevisionId;
import org.apache.ivy.core.report.ArtifactDownloadReport;
import org.apache.ivy.core.report.ResolveReport;
import org.apache.ivy.core.resolve.ResolveOptions;
import org.apache.ivy.core.settings.IvySettings;
import org.apache.ivy.plugins.matcher.GlobPatternMatcher;
import org.apache.ivy.plugins.matcher.PatternMatcher;
import org.apache.ivy.plugins.resolver.IBiblioResolver;
import org.apache.ivy.util.DefaultMessageLogger;
import org.apache.ivy.util.Message;

/**
 * Resolves a Maven library with its runtime dependencies through Apache Ivy (the resolver Spark
 * uses for {@code spark.jars.packages}, already in the runtime): from the library's {@code repo} if
 * it names one, else from Maven Central. The Spark modules the runtime has and the Scala library
 * are left out (as {@code spark.jars.packages} does), as are the library's exclusions. Downloads
 * are kept in a cache shared by the clusters of the machine, locked per artifact so two drivers can
 * resolve at once.
 */
final class MavenResolver {
  static final String CENTRAL = "https://repo1.maven.org/maven2/";

  private static final String CONF = "default";

  private final Path cacheDir;
  private final List<String[]> runtimeExclusions = new ArrayList<>();

  /**
   * @param sparkModules artifact ids of the Spark modules in the runtime ({@code spark-sql_2.13})
   */
  MavenResolver(Path cacheDir, List<String> sparkModules) {
    this.cacheDir = cacheDir;
    for (String module : sparkModules) {
      runtimeExclusions.add(new String[] {"org.apache.spark", module});
    }
    for (String scala : List.of("scala-library", "scala-reflect", "scala-compiler")) {
      runtimeExclusions.add(new String[] {"org.scala-lang", scala});
    }
  }

  /** The library's jar and those of its dependencies, in Ivy's cache. */
  List<Path> resolve(MavenLibrary library) throws LibraryFailure {
    MavenCoordinates coordinates = MavenCoordinates.parse(library.coordinates());
    List<String[]> exclusions = new ArrayList<>(runtimeExclusions);
    exclusions.addAll(MavenCoordinates.exclusions(library.exclusions()));
    String repo = library.repo() == null || library.repo().isBlank() ? CENTRAL : library.repo();

    IvySettings settings = settings(repo);
    Ivy ivy = Ivy.newInstance(settings);
    ivy.getLoggerEngine().setDefaultLogger(new DefaultMessageLogger(Message.MSG_WARN));

    DefaultModuleDescriptor root =
        DefaultModuleDescriptor.newDefaultInstance(
            ModuleRevisionId.newInstance(
                "dev.kiln.libraries",
                coordinates.groupId() + "_" + coordinates.artifactId(),
                coordinates.version()));
    ModuleRevisionId wanted =
        ModuleRevisionId.newInstance(
            coordinates.groupId(), coordinates.artifactId(), coordinates.version());
    DefaultDependencyDescriptor dependency =
        new DefaultDependencyDescriptor(root, wanted, false, false, true);
    dependency.addDependencyConfiguration(CONF, CONF + "(runtime)");
    root.addDependency(dependency);
    PatternMatcher glob = settings.getMatcher(PatternMatcher.GLOB);
    for (String[] exclusion : exclusions) {
      DefaultExcludeRule rule =
          new DefaultExcludeRule(
              new ArtifactId(new ModuleId(exclusion[0], exclusion[1]), "*", "*", "*"),
              glob,
              Map.of());
      rule.addConfiguration(CONF);
      root.addExcludeRule(rule);
    }

    ResolveOptions options =
        new ResolveOptions().setConfs(new String[] {CONF}).setTransitive(true).setDownload(true);
    ResolveReport report;
    try {
      report = ivy.resolve(root, options);
    } catch (IOException | ParseException | RuntimeException e) {
      throw new LibraryFailure("Could not resolve " + coordinates + " from " + repo + ": " + e, e);
    }
    if (report.hasError()) {
      List<String> problems = report.getAllProblemMessages();
      throw new LibraryFailure(
          "Could not resolve "
              + coordinates
              + " from "
              + repo
              + ": "
              + (problems.isEmpty() ? "unknown Ivy error" : String.join("; ", problems)));
    }
    List<Path> jars = new ArrayList<>();
    for (ArtifactDownloadReport artifact : report.getAllArtifactsReports()) {
      if (artifact.getLocalFile() != null && "jar".equals(artifact.getArtifact().getExt())) {
        jars.add(artifact.getLocalFile().toPath());
      }
    }
    if (jars.isEmpty()) {
      throw new LibraryFailure(coordinates + " resolved to no jar");
    }
    return jars;
  }

  private IvySettings settings(String repo) {
    IvySettings settings = new IvySettings();
    settings.setDefaultIvyUserDir(cacheDir.toFile());
    settings.setDefaultCache(cacheDir.resolve("cache").toFile());
    if (settings.getDefaultRepositoryCacheManager() instanceof DefaultRepositoryCacheManager c) {
      c.setLockStrategy(settings.getLockStrategy("artifact-lock-nio"));
    }
    settings.addMatcher(GlobPatternMatcher.INSTANCE);
    IBiblioResolver resolver = new IBiblioResolver();
    resolver.setName("library-repo");
    resolver.setM2compatible(true);
    resolver.setUsepoms(true);
    resolver.setRoot(repo.endsWith("/") ? repo : repo + "/");
    settings.addResolver(resolver);
    settings.setDefaultResolver(resolver.getName());
    // Neither sources nor javadoc: only what runs.
    settings.setVariable("ivy.maven.lookup.sources", "false");
    settings.setVariable("ivy.maven.lookup.javadoc", "false");
    return settings;
  }
}
