package dev.kiln.server.libraries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import dev.kiln.model.libraries.Library;
import dev.kiln.model.libraries.MavenLibrary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A library as asked for, checked: exactly one kind set, each with the fields it needs. A library
 * that is valid but that Kiln cannot install (an egg, an R package, a Unity Catalog volume or cloud
 * storage path) is accepted and fails with {@link #unsupported()} as its reason, as an installation
 * that cannot succeed would on Databricks.
 *
 * <p>Two libraries are the same when their canonical JSON is: sorted keys, no empty exclusion list.
 */
public record LibrarySpec(Library library, String canonicalJson, String key) {
  private static final ObjectMapper CANONICAL =
      Json.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

  /** The kinds of library, as the wire names them. */
  enum Kind {
    JAR,
    WHL,
    EGG,
    REQUIREMENTS,
    PYPI,
    MAVEN,
    CRAN;

    String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks {@code library}; INVALID_PARAMETER_VALUE (as an {@link IllegalArgumentException}). */
  public static LibrarySpec of(Library library) {
    if (library == null) {
      throw new IllegalArgumentException("A library must not be null");
    }
    Kind kind = kindOf(library);
    switch (kind) {
      case JAR -> path(library.jar(), "jar");
      case WHL -> {
        path(library.whl(), "whl");
        if (!library.whl().strip().endsWith(".whl")) {
          throw new IllegalArgumentException(
              "A whl library must name a wheel file (*.whl), got '" + library.whl() + "'");
        }
      }
      case EGG -> path(library.egg(), "egg");
      case REQUIREMENTS -> path(library.requirements(), "requirements");
      case PYPI -> {
        String spec = required(library.pypi().packageName(), "pypi.package");
        if (spec.strip().startsWith("-")) {
          throw new IllegalArgumentException(
              "pypi.package must be a requirement such as simplejson==3.8.0, got '" + spec + "'");
        }
        url(library.pypi().repo(), "pypi.repo");
      }
      case MAVEN -> maven(library.maven());
      case CRAN -> required(library.cran().packageName(), "cran.package");
    }
    String json = canonicalJson(library);
    return new LibrarySpec(library, json, sha256(json));
  }

  /** The one kind a library has; fails unless exactly one is set. */
  static Kind kindOf(Library library) {
    List<Kind> set = new ArrayList<>();
    if (library.jar() != null) {
      set.add(Kind.JAR);
    }
    if (library.whl() != null) {
      set.add(Kind.WHL);
    }
    if (library.egg() != null) {
      set.add(Kind.EGG);
    }
    if (library.requirements() != null) {
      set.add(Kind.REQUIREMENTS);
    }
    if (library.pypi() != null) {
      set.add(Kind.PYPI);
    }
    if (library.maven() != null) {
      set.add(Kind.MAVEN);
    }
    if (library.cran() != null) {
      set.add(Kind.CRAN);
    }
    if (set.size() != 1) {
      throw new IllegalArgumentException(
          "A library must have exactly one of jar, whl, egg, requirements, pypi, maven, cran; got "
              + (set.isEmpty()
                  ? "none"
                  : String.join(", ", set.stream().map(Kind::field).toList())));
    }
    return set.get(0);
  }

  Kind kind() {
    return kindOf(library);
  }

  /** Why Kiln cannot install this library, if it cannot. */
  public Optional<String> unsupported() {
    return switch (kind()) {
      case EGG ->
          Optional.of(
              "Python eggs are not supported by Kiln (Databricks deprecated them too):"
                  + " install a wheel (whl) or a pypi package");
      case CRAN -> Optional.of("R libraries are not supported: Kiln runtimes have no R");
      case JAR -> unsupportedPath(library.jar());
      case WHL -> unsupportedPath(library.whl());
      case REQUIREMENTS -> unsupportedPath(library.requirements());
      case PYPI, MAVEN -> Optional.empty();
    };
  }

  /** The file a jar, whl or requirements library names (null for the other kinds). */
  String file() {
    return switch (kind()) {
      case JAR -> library.jar().strip();
      case WHL -> library.whl().strip();
      case REQUIREMENTS -> library.requirements().strip();
      default -> null;
    };
  }

  /** A short description for messages: {@code maven org.x:y:1.0}, {@code jar dbfs:/a.jar}. */
  String describe() {
    return switch (kind()) {
      case JAR -> "jar " + library.jar();
      case WHL -> "whl " + library.whl();
      case EGG -> "egg " + library.egg();
      case REQUIREMENTS -> "requirements " + library.requirements();
      case PYPI -> "pypi " + library.pypi().packageName();
      case MAVEN -> "maven " + library.maven().coordinates();
      case CRAN -> "cran " + library.cran().packageName();
    };
  }

  private static Optional<String> unsupportedPath(String path) {
    String p = path.strip();
    if (p.startsWith("/Volumes/")) {
      return Optional.of(
          "Unity Catalog volumes are not supported by Kiln: use a dbfs:/ or workspace path ("
              + p
              + ")");
    }
    var scheme = SCHEME.matcher(p);
    if (scheme.find() && !scheme.group(1).equalsIgnoreCase("dbfs")) {
      return Optional.of(
          scheme.group(1)
              + ": paths are not supported by Kiln: use a dbfs:/ or workspace path ("
              + p
              + ")");
    }
    return Optional.empty();
  }

  /** A path: {@code dbfs:/...}, another URI (refused later) or an absolute workspace path. */
  private static void path(String value, String field) {
    String p = required(value, field).strip();
    if (!p.startsWith("/") && !SCHEME.matcher(p).find()) {
      throw new IllegalArgumentException(
          field + " must be a dbfs:/ URI or an absolute workspace path, got '" + value + "'");
    }
    if (p.regionMatches(true, 0, "dbfs:", 0, 5) && !p.substring(5).startsWith("/")) {
      throw new IllegalArgumentException(
          field + " must be an absolute dbfs:/ path, got '" + value + "'");
    }
  }

  private static void maven(MavenLibrary maven) {
    String coordinates = required(maven.coordinates(), "maven.coordinates");
    if (!validParts(coordinates, 3)) {
      throw new IllegalArgumentException(
          "maven.coordinates must be groupId:artifactId:version, got '" + coordinates + "'");
    }
    if (maven.exclusions() != null) {
      for (String exclusion : maven.exclusions()) {
        if (exclusion == null || !validParts(exclusion, 2)) {
          throw new IllegalArgumentException(
              "maven.exclusions must be groupId:artifactId, got '" + exclusion + "'");
        }
      }
    }
    url(maven.repo(), "maven.repo");
  }

  private static boolean validParts(String value, int count) {
    String[] parts = value.strip().split(":", -1);
    if (parts.length != count) {
      return false;
    }
    for (String part : parts) {
      if (part.isBlank() || part.chars().anyMatch(Character::isWhitespace)) {
        return false;
      }
    }
    return true;
  }

  private static void url(String value, String field) {
    if (value == null || value.isBlank()) {
      return;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!v.startsWith("http://") && !v.startsWith("https://")) {
      throw new IllegalArgumentException(field + " must be an http(s) URL, got '" + value + "'");
    }
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing required field: " + field);
    }
    return value;
  }

  /** Sorted keys, no nulls, no empty exclusion list or blank repo. */
  static String canonicalJson(Library library) {
    ObjectNode tree = CANONICAL.valueToTree(library);
    JsonNode maven = tree.get("maven");
    if (maven instanceof ObjectNode m) {
      JsonNode exclusions = m.get("exclusions");
      if (exclusions != null && exclusions.isEmpty()) {
        m.remove("exclusions");
      }
    }
    for (String kind : List.of("maven", "pypi", "cran")) {
      if (tree.get(kind) instanceof ObjectNode o
          && o.get("repo") != null
          && o.get("repo").asText().isBlank()) {
        o.remove("repo");
      }
    }
    try {
      return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, TreeMap.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The library a canonical JSON stands for. */
  static Library read(String canonicalJson) {
    try {
      return CANONICAL.readValue(canonicalJson, Library.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored library " + canonicalJson, e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
