package dev.kiln.model.clusters;

import java.util.List;

/**
 * A page of cluster events. {@code next_page} is the whole request for the next page, and the SDK
 * iterators re-post it until it is absent: it is null (so omitted) on the last page.
 */
public record GetEventsResponse(
    List<ClusterEvent> events,
    GetEventsRequest nextPage,
    Long totalCount,
    String nextPageToken,
    String prevPageToken) {}
