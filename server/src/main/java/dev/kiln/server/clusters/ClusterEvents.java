package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterEvent;
import dev.kiln.model.clusters.EventDetails;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.GetEventsRequest;
import dev.kiln.model.clusters.GetEventsResponse;
import dev.kiln.server.api.ApiException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The event history of clusters: recorded as things happen, paged as {@code clusters/events}
 * describes. Both paging styles work: {@code offset}/{@code limit} with {@code next_page} (the
 * whole next request, which the SDK iterators re-post) and {@code page_size}/{@code page_token}. A
 * next page keeps the first page's {@code end_time} (now, if none was given), so events recorded
 * meanwhile do not shift the pages of a DESC listing.
 */
public final class ClusterEvents {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final List<String> ALL_TYPES =
      Arrays.stream(EventType.values()).map(Enum::name).toList();

  private final Jdbi jdbi;
  private final Clock clock;
  private final ObjectMapper mapper = Json.mapper();

  public ClusterEvents(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Records an event now, in its own transaction. */
  public void record(String clusterId, EventType type, EventDetails details) {
    jdbi.useHandle(h -> record(h, clusterId, type, details));
  }

  /** Records an event now, in the caller's transaction (e.g. with the state change it reports). */
  public void record(Handle handle, String clusterId, EventType type, EventDetails details) {
    handle
        .attach(ClusterEventDao.class)
        .insert(clusterId, clock.millis(), type.name(), write(details));
  }

  /** Forgets a cluster's events (permanent delete). */
  public int deleteFor(String clusterId) {
    return jdbi.withExtension(ClusterEventDao.class, dao -> dao.deleteFor(clusterId));
  }

  public GetEventsResponse page(GetEventsRequest req) {
    String clusterId = ApiException.required(req.clusterId(), "cluster_id");
    String order = order(req.order());
    List<String> types = types(req.eventTypes());
    int limit = limit(req);
    long offset;
    Long endTime;
    if (req.pageToken() != null && !req.pageToken().isEmpty()) {
      PageToken token = PageToken.decode(req.pageToken());
      offset = token.offset();
      endTime = token.endTime();
    } else {
      offset = req.offset() == null ? 0 : req.offset();
      endTime = req.endTime();
      if (offset < 0) {
        throw ApiException.invalid("offset must not be negative: " + offset);
      }
      if (offset > 0 && order.equals("DESC") && endTime == null) {
        throw ApiException.invalid("end_time is required when offset is given in DESC order");
      }
    }
    long start = req.startTime() == null ? Long.MIN_VALUE : req.startTime();
    long end = endTime == null ? Long.MAX_VALUE : endTime;
    if (start > end) {
      throw ApiException.invalid("start_time must not be after end_time");
    }
    List<ClusterEventDao.Row> rows;
    long total;
    try (Handle h = jdbi.open()) {
      ClusterEventDao dao = h.attach(ClusterEventDao.class);
      rows = dao.page(clusterId, start, end, types, order, limit, offset);
      total = dao.count(clusterId, start, end, types);
    }
    List<ClusterEvent> events = new ArrayList<>(rows.size());
    for (ClusterEventDao.Row row : rows) {
      events.add(
          new ClusterEvent(
              row.clusterId(), row.ts(), EventType.valueOf(row.type()), read(row.details()), null));
    }
    long nextOffset = offset + rows.size();
    long fixedEnd = endTime != null ? endTime : clock.millis();
    boolean more = !rows.isEmpty() && nextOffset < total;
    GetEventsRequest nextPage =
        more ? req.withPageToken(null).withOffset(nextOffset).withEndTime(fixedEnd) : null;
    String nextToken = more ? new PageToken(nextOffset, fixedEnd).encode() : null;
    String prevToken =
        offset > 0 ? new PageToken(Math.max(0, offset - limit), fixedEnd).encode() : null;
    return new GetEventsResponse(events, nextPage, total, nextToken, prevToken);
  }

  private static String order(String order) {
    if (order == null || order.isEmpty()) {
      return "DESC";
    }
    if (order.equals("ASC") || order.equals("DESC")) {
      return order;
    }
    throw ApiException.invalid("Invalid order: " + order + ". Valid values are: ASC, DESC");
  }

  private static List<String> types(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return ALL_TYPES;
    }
    for (String t : requested) {
      if (t == null || !ALL_TYPES.contains(t)) {
        throw ApiException.invalid("Invalid event type: " + t + ". Valid values are: " + ALL_TYPES);
      }
    }
    return List.copyOf(requested);
  }

  /**
   * {@code page_size} wins when set: 0 lets the server choose and values outside 0..500 are brought
   * into range, as Databricks does. Otherwise {@code limit}: 50 by default, at most 500.
   */
  private static int limit(GetEventsRequest req) {
    if (req.pageSize() != null && req.pageSize() != 0) {
      return (int) Math.max(1, Math.min(MAX_LIMIT, req.pageSize()));
    }
    Long limit = req.limit();
    if (limit == null || limit == 0) {
      return DEFAULT_LIMIT;
    }
    if (limit < 0 || limit > MAX_LIMIT) {
      throw ApiException.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return limit.intValue();
  }

  private String write(EventDetails details) {
    try {
      return mapper.writeValueAsString(details == null ? EventDetails.empty() : details);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private EventDetails read(String json) {
    try {
      return mapper.readValue(json, EventDetails.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a page starts, and the end of the time window it belongs to. */
  record PageToken(long offset, long endTime) {
    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(("events:" + offset + ":" + endTime).getBytes(StandardCharsets.UTF_8));
    }

    static PageToken decode(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = text.split(":");
        if (parts.length == 3 && parts[0].equals("events")) {
          long offset = Long.parseLong(parts[1]);
          if (offset >= 0) {
            return new PageToken(offset, Long.parseLong(parts[2]));
          }
        }
      } catch (IllegalArgumentException e) {
        // refused below
      }
      throw ApiException.invalid("Invalid page_token: " + token);
    }
  }
}
