package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterDetails;
import dev.kiln.model.clusters.ClusterSource;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.ListClustersResponse;
import dev.kiln.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /api/2.1/clusters/list}: filters ({@code filter_by.cluster_states} and
 * {@code filter_by.cluster_sources} repeated and/or comma separated, {@code filter_by.is_pinned},
 * {@code filter_by.policy_id}), order ({@code sort_by.field}, {@code sort_by.direction}) and page
 * ({@code page_size}, {@code page_token}).
 *
 * <p>Page tokens are keyset cursors: the sort key of the page's last (or, going back, first)
 * cluster, not an offset. Clusters change state while a client pages (a terminating cluster moves
 * behind the active ones), and with offsets that shift made a page repeat one cluster and skip
 * another; with a cursor a cluster that moves back is at worst listed twice, never skipped.
 */
public record ClusterListQuery(
    Set<ClusterState> states,
    Set<ClusterSource> sources,
    Boolean isPinned,
    String policyId,
    int pageSize,
    String pageToken,
    SortField sortField,
    SortDirection sortDirection) {

  /** Clusters per page when {@code page_size} is absent or 0, and the most a page holds. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  public enum SortField {
    CLUSTER_NAME,
    /** Pinned first, then active before terminated, then the most recently started first. */
    DEFAULT
  }

  public enum SortDirection {
    ASC,
    DESC
  }

  public static ClusterListQuery parse(Map<String, List<String>> params) {
    return new ClusterListQuery(
        enums(params, "filter_by.cluster_states", ClusterState.class),
        enums(params, "filter_by.cluster_sources", ClusterSource.class),
        bool(one(params, "filter_by.is_pinned"), "filter_by.is_pinned"),
        one(params, "filter_by.policy_id"),
        pageSize(one(params, "page_size")),
        one(params, "page_token"),
        enumValue(
            one(params, "sort_by.field"), "sort_by.field", SortField.class, SortField.DEFAULT),
        enumValue(
            one(params, "sort_by.direction"),
            "sort_by.direction",
            SortDirection.class,
            SortDirection.ASC));
  }

  /** The same query with every cluster on one page, for the unpaged {@code /api/2.0} list. */
  public ClusterListQuery unpaged() {
    return new ClusterListQuery(
        states, sources, isPinned, policyId, Integer.MAX_VALUE, null, sortField, sortDirection);
  }

  /** Filters, sorts and cuts out the page asked for; {@code pinnedIds} are the pinned clusters. */
  public ListClustersResponse page(List<ClusterDetails> all, Set<String> pinnedIds) {
    List<ClusterDetails> matching = new ArrayList<>();
    for (ClusterDetails c : all) {
      if (matches(c, pinnedIds.contains(c.clusterId()))) {
        matching.add(c);
      }
    }
    Comparator<Key> keyOrder = sortField == SortField.CLUSTER_NAME ? Key.BY_NAME : Key.BY_DEFAULT;
    Comparator<Key> order = sortDirection == SortDirection.DESC ? keyOrder.reversed() : keyOrder;
    List<Key> keys = new ArrayList<>();
    for (ClusterDetails c : matching) {
      keys.add(Key.of(c, pinnedIds.contains(c.clusterId())));
    }
    keys.sort(order);
    Cursor cursor = Cursor.decode(pageToken);
    int from;
    int to;
    if (cursor == null) {
      from = 0;
      to = Math.min(pageSize, keys.size());
    } else if (cursor.after()) {
      from = firstIndex(keys, k -> order.compare(k, cursor.key()) > 0);
      to = (int) Math.min((long) from + pageSize, keys.size());
    } else {
      to = firstIndex(keys, k -> order.compare(k, cursor.key()) >= 0);
      from = Math.max(0, to - pageSize);
    }
    List<ClusterDetails> page =
        keys.subList(from, to).stream().map(k -> k.cluster().withoutSpec()).toList();
    String next =
        to < keys.size() && to > from ? new Cursor(true, keys.get(to - 1)).encode() : null;
    String prev = from > 0 && to > from ? new Cursor(false, keys.get(from)).encode() : null;
    return new ListClustersResponse(page, next, prev);
  }

  private static int firstIndex(List<Key> keys, java.util.function.Predicate<Key> test) {
    for (int i = 0; i < keys.size(); i++) {
      if (test.test(keys.get(i))) {
        return i;
      }
    }
    return keys.size();
  }

  /** A cluster's place in the list: what both orders sort on. */
  record Key(
      boolean unpinned,
      boolean inactive,
      long startTime,
      String name,
      String id,
      ClusterDetails cluster) {
    static final Comparator<Key> BY_NAME =
        Comparator.comparing(Key::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Key::id);

    /** Pinned first, then active before terminated, then the most recently started first. */
    static final Comparator<Key> BY_DEFAULT =
        Comparator.comparing(Key::unpinned)
            .thenComparing(Key::inactive)
            .thenComparing(Key::startTime, Comparator.reverseOrder())
            .thenComparing(Key::id);

    static Key of(ClusterDetails c, boolean pinned) {
      return new Key(
          !pinned,
          c.state() == null || !c.state().isActive(),
          c.startTime() == null ? Long.MIN_VALUE : c.startTime(),
          c.clusterName() == null ? "" : c.clusterName(),
          c.clusterId() == null ? "" : c.clusterId(),
          c);
    }
  }

  /** A page token: the clusters after (next page) or before (previous page) a key. */
  record Cursor(boolean after, Key key) {
    private static final String PREFIX = "clusters:";

    String encode() {
      String text =
          PREFIX
              + (after ? "a" : "b")
              + ":"
              + (key.unpinned() ? 1 : 0)
              + ":"
              + (key.inactive() ? 1 : 0)
              + ":"
              + key.startTime()
              + ":"
              + encodePart(key.id())
              + ":"
              + encodePart(key.name());
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      if (token == null || token.isEmpty()) {
        return null;
      }
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = text.split(":", -1);
        if (parts.length == 7
            && text.startsWith(PREFIX)
            && (parts[1].equals("a") || parts[1].equals("b"))) {
          return new Cursor(
              parts[1].equals("a"),
              new Key(
                  flag(parts[2]),
                  flag(parts[3]),
                  Long.parseLong(parts[4]),
                  decodePart(parts[6]),
                  decodePart(parts[5]),
                  null));
        }
      } catch (IllegalArgumentException e) {
        // not base64, not a number, not a flag: refused below
      }
      throw ApiException.invalid("Invalid page_token: " + token);
    }

    private static boolean flag(String s) {
      return switch (s) {
        case "1" -> true;
        case "0" -> false;
        default -> throw new IllegalArgumentException(s);
      };
    }

    private static String encodePart(String s) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodePart(String s) {
      return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }
  }

  private boolean matches(ClusterDetails c, boolean pinned) {
    return (states.isEmpty() || states.contains(c.state()))
        && (sources.isEmpty() || sources.contains(c.clusterSource()))
        && (isPinned == null || isPinned == pinned)
        && (policyId == null || policyId.equals(c.policyId()));
  }

  private static String one(Map<String, List<String>> params, String key) {
    List<String> values = params.get(key);
    if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.invalid(key + " may be given only once");
    }
    return values.get(0);
  }

  private static <E extends Enum<E>> Set<E> enums(
      Map<String, List<String>> params, String key, Class<E> type) {
    EnumSet<E> set = EnumSet.noneOf(type);
    for (String value : params.getOrDefault(key, List.of())) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          set.add(enumValue(item.trim(), key, type, null));
        }
      }
    }
    return set;
  }

  private static <E extends Enum<E>> E enumValue(
      String value, String key, Class<E> type, E fallback) {
    if (value == null) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    throw ApiException.invalid(
        "Invalid "
            + key
            + ": "
            + value
            + ". Valid values are: "
            + Arrays.toString(type.getEnumConstants()));
  }

  private static Boolean bool(String value, String key) {
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.invalid("Invalid " + key + ": " + value + "; true or false");
    };
  }

  private static int pageSize(String value) {
    if (value == null) {
      return DEFAULT_PAGE_SIZE;
    }
    long size; // as sent: a larger value is brought into range, not cut to 32 bits
    try {
      size = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Invalid page_size: " + value);
    }
    if (size < 0) {
      throw ApiException.invalid("page_size must not be negative: " + value);
    }
    return size == 0 ? DEFAULT_PAGE_SIZE : (int) Math.min(size, DEFAULT_PAGE_SIZE);
  }
}
