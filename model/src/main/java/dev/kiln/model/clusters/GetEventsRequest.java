package dev.kiln.model.clusters;

import java.util.List;

/**
 * {@code clusters/events}. {@code order} and {@code event_types} are text so that an unknown value
 * is refused with a message rather than dropped. {@code offset}/{@code limit} are Databricks'
 * deprecated paging and {@code page_size}/{@code page_token} its newer one; Kiln honours both.
 */
public record GetEventsRequest(
    String clusterId,
    Long startTime,
    Long endTime,
    String order,
    List<String> eventTypes,
    Long offset,
    Long limit,
    Long pageSize,
    String pageToken) {

  public static GetEventsRequest of(String clusterId) {
    return new GetEventsRequest(clusterId, null, null, null, null, null, null, null, null);
  }

  public GetEventsRequest withOffset(Long newOffset) {
    return new GetEventsRequest(
        clusterId, startTime, endTime, order, eventTypes, newOffset, limit, pageSize, pageToken);
  }

  public GetEventsRequest withEndTime(Long newEndTime) {
    return new GetEventsRequest(
        clusterId, startTime, newEndTime, order, eventTypes, offset, limit, pageSize, pageToken);
  }

  public GetEventsRequest withLimit(Long newLimit) {
    return new GetEventsRequest(
        clusterId, startTime, endTime, order, eventTypes, offset, newLimit, pageSize, pageToken);
  }

  public GetEventsRequest withPageToken(String token) {
    return new GetEventsRequest(
        clusterId, startTime, endTime, order, eventTypes, offset, limit, pageSize, token);
  }
}
