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
 * ({@code page_size}, {@code page_token}). Page tokens are opaque offsets into the sorted list.
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
    Comparator<ClusterDetails> order =
        sortField == SortField.CLUSTER_NAME ? byName() : byDefault(pinnedIds);
    matching.sort(sortDirection == SortDirection.DESC ? order.reversed() : order);
    int offset = decode(pageToken);
    int from = Math.min(offset, matching.size());
    int to = (int) Math.min((long) from + pageSize, matching.size());
    List<ClusterDetails> page =
        matching.subList(from, to).stream().map(ClusterDetails::withoutSpec).toList();
    String next = to < matching.size() ? encode(to) : null;
    String prev = from > 0 ? encode(Math.max(0, from - pageSize)) : null;
    return new ListClustersResponse(page, next, prev);
  }

  private boolean matches(ClusterDetails c, boolean pinned) {
    return (states.isEmpty() || states.contains(c.state()))
        && (sources.isEmpty() || sources.contains(c.clusterSource()))
        && (isPinned == null || isPinned == pinned)
        && (policyId == null || policyId.equals(c.policyId()));
  }

  private static Comparator<ClusterDetails> byName() {
    return Comparator.comparing(
            (ClusterDetails c) -> c.clusterName() == null ? "" : c.clusterName(),
            String.CASE_INSENSITIVE_ORDER)
        .thenComparing(c -> c.clusterId() == null ? "" : c.clusterId());
  }

  private static Comparator<ClusterDetails> byDefault(Set<String> pinnedIds) {
    return Comparator.comparing((ClusterDetails c) -> !pinnedIds.contains(c.clusterId()))
        .thenComparing(c -> c.state() == null || !c.state().isActive())
        .thenComparing(
            c -> c.startTime() == null ? Long.MIN_VALUE : c.startTime(), Comparator.reverseOrder())
        .thenComparing(c -> c.clusterId() == null ? "" : c.clusterId());
  }

  static String encode(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("clusters:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int decode(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith("clusters:")) {
        int offset = Integer.parseInt(text.substring("clusters:".length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64 or not a number: refused below
    }
    throw ApiException.invalid("Invalid page_token: " + token);
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
    int size;
    try {
      size = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Invalid page_size: " + value);
    }
    if (size < 0) {
      throw ApiException.invalid("page_size must not be negative: " + value);
    }
    return size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, DEFAULT_PAGE_SIZE);
  }
}
