package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A checked DBFS path: absolute, normalised, as its segments ({@code /a/b} is {@code [a, b]}, the
 * root is empty). No segment can name a parent or hide a separator, however a later layer might
 * decode it (percent-encoding, Unicode compatibility forms), so no instance can point outside the
 * root.
 */
public record DbfsPath(List<String> segments) {
  public static final DbfsPath ROOT = new DbfsPath(List.of());

  static final int MAX_LENGTH = 4096;
  static final int MAX_SEGMENT_BYTES = 255;
  private static final String SCHEME = "dbfs:";

  public DbfsPath {
    segments = List.copyOf(segments);
    for (String segment : segments) {
      String problem = problemWith(segment);
      if (problem != null) {
        throw ApiException.invalid("Invalid path segment '" + printable(segment) + "': " + problem);
      }
    }
  }

  /**
   * Parses {@code /a/b} or {@code dbfs:/a/b}; repeated and trailing slashes are dropped. Fails with
   * INVALID_PARAMETER_VALUE, naming {@code field}, for anything else.
   */
  public static DbfsPath parse(String raw, String field) {
    ApiException.required(raw, field);
    if (raw.length() > MAX_LENGTH) {
      throw ApiException.invalid(field + " is longer than " + MAX_LENGTH + " characters");
    }
    String path = raw;
    if (path.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      path = path.substring(SCHEME.length());
    }
    if (!path.startsWith("/")) {
      throw ApiException.invalid(
          field + " must be an absolute path like /x or dbfs:/x, got '" + printable(raw) + "'");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return new DbfsPath(segments);
  }

  /** Why a segment is refused, or null when it is a plain file name. */
  static String problemWith(String segment) {
    if (segment.isEmpty()) {
      return "empty";
    }
    String problem = plainNameProblem(segment);
    if (problem != null) {
      return problem;
    }
    if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      return "longer than " + MAX_SEGMENT_BYTES + " bytes";
    }
    // Check every form another layer could turn the name into.
    String decoded = segment;
    for (int round = 0; round < 3 && decoded.indexOf('%') >= 0; round++) {
      String next = percentDecode(decoded);
      if (next == null) {
        return "percent-encodes bytes that are not UTF-8";
      }
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
      problem = plainNameProblem(decoded);
      if (problem != null) {
        return "percent-encoded name " + problem;
      }
    }
    problem = plainNameProblem(Normalizer.normalize(decoded, Normalizer.Form.NFKC));
    return problem == null ? null : "Unicode-normalised name " + problem;
  }

  /** Checks the name as it stands: no dot names, separators, control characters or bad UTF-16. */
  private static String plainNameProblem(String name) {
    if (name.equals(".") || name.equals("..")) {
      return "names the current or parent directory";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return "contains a path separator";
      }
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character";
      }
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
      return "is not valid Unicode";
    }
    return null;
  }

  /** One round of percent-decoding; malformed escapes stay as they are, bad UTF-8 gives null. */
  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      int hi = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
      int lo = i + 2 < utf8.length ? Character.digit(utf8[i + 2], 16) : -1;
      if (utf8[i] == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(utf8[i]);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .limit(200)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format(Locale.ROOT, "\\x%02x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return s.length() > 200 ? out + "..." : out.toString();
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The last segment; empty for the root. */
  public String name() {
    return isRoot() ? "" : segments.get(segments.size() - 1);
  }

  /** The parent; the root is its own parent. */
  public DbfsPath parent() {
    return isRoot() ? this : new DbfsPath(segments.subList(0, segments.size() - 1));
  }

  public DbfsPath child(String name) {
    List<String> longer = new ArrayList<>(segments);
    longer.add(name);
    return new DbfsPath(longer);
  }

  /** True when {@code other} is this path or lies below it. */
  public boolean contains(DbfsPath other) {
    return other.segments.size() >= segments.size()
        && other.segments.subList(0, segments.size()).equals(segments);
  }

  /** {@code /a/b}, or {@code /} for the root: the form every response uses. */
  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
