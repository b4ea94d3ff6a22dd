package dev.kiln.server.clusters;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.clusters.ClusterEvent;
import dev.kiln.model.clusters.ClusterSize;
import dev.kiln.model.clusters.EventDetails;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.GetEventsRequest;
import dev.kiln.model.clusters.GetEventsResponse;
import dev.kiln.model.clusters.TerminationReason;
import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clusters/events on a real (in-memory H2) store: windows, filters, both paging styles. */
class ClusterEventsTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path home;
  private Database database;
  private TestClock clock;
  private ClusterEvents events;

  @BeforeEach
  void open() throws Exception {
    KilnConfig d = KilnConfig.defaults(home);
    String url = "jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    database = Database.open(d.withDbUrl(url));
    clock = new TestClock(Instant.ofEpochMilli(T0));
    events = new ClusterEvents(database.jdbi(), clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  /** Records {@code n} events one second apart: CREATING, then RUNNING, RESIZING, ... */
  private void recordMany(String clusterId, int n) {
    EventType[] cycle = {EventType.RUNNING, EventType.RESIZING, EventType.UPSIZE_COMPLETED};
    for (int i = 0; i < n; i++) {
      EventType type = i == 0 ? EventType.CREATING : cycle[i % cycle.length];
      events.record(clusterId, type, EventDetails.builder().targetNumWorkers(i).build());
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private static List<Long> workers(GetEventsResponse r) {
    return r.events().stream().map(e -> e.details().targetNumWorkers()).toList();
  }

  private static GetEventsRequest req(String order, Long offset, Long limit) {
    return new GetEventsRequest("c1", null, null, order, null, offset, limit, null, null);
  }

  @Test
  void recordsDetailsAndReadsThemBack() {
    EventDetails details =
        EventDetails.builder()
            .reason(TerminationReason.userRequest("ann"))
            .user("ann")
            .clusterSize(new ClusterSize(2, null))
            .build();
    events.record("c1", EventType.TERMINATING, details);
    GetEventsResponse page = events.page(GetEventsRequest.of("c1"));
    assertThat(page.events())
        .containsExactly(new ClusterEvent("c1", T0, EventType.TERMINATING, details, null));
    assertThat(page.totalCount()).isEqualTo(1);
    assertThat(page.nextPage()).isNull();
    assertThat(page.nextPageToken()).isNull();
    assertThat(page.prevPageToken()).isNull();
  }

  @Test
  void newestFirstByDefaultAndOldestFirstWhenAsked() {
    recordMany("c1", 3);
    assertThat(workers(events.page(GetEventsRequest.of("c1")))).containsExactly(2L, 1L, 0L);
    assertThat(workers(events.page(req("ASC", null, null)))).containsExactly(0L, 1L, 2L);
  }

  @Test
  void eventsOfOtherClustersAreNotShown() {
    recordMany("c1", 2);
    recordMany("c2", 5);
    assertThat(events.page(GetEventsRequest.of("c1")).totalCount()).isEqualTo(2);
  }

  @Test
  void timeWindowIsInclusive() {
    recordMany("c1", 5);
    GetEventsRequest window =
        new GetEventsRequest("c1", T0 + 1000, T0 + 3000, "ASC", null, null, null, null, null);
    assertThat(workers(events.page(window))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void filtersByEventType() {
    recordMany("c1", 6);
    GetEventsRequest req =
        new GetEventsRequest(
            "c1", null, null, "ASC", List.of("CREATING", "RESIZING"), null, null, null, null);
    GetEventsResponse page = events.page(req);
    assertThat(workers(page)).containsExactly(0L, 1L, 4L);
    assertThat(page.totalCount()).isEqualTo(3);
  }

  @Test
  void followingNextPageVisitsEveryEventOnceAndEndsWithoutNextPage() {
    recordMany("c1", 120);
    List<Long> seen = new ArrayList<>();
    GetEventsRequest req = GetEventsRequest.of("c1");
    int pages = 0;
    while (req != null) {
      GetEventsResponse page = events.page(req);
      seen.addAll(workers(page));
      assertThat(page.totalCount()).isEqualTo(120);
      // An event recorded later (in a later millisecond) must not shift the pages of DESC.
      clock.advance(Duration.ofMillis(1));
      recordMany("c1", 1);
      req = page.nextPage();
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(120).doesNotHaveDuplicates();
    assertThat(seen.get(0)).isEqualTo(119L);
  }

  @Test
  void nextPageAdvancesTheOffsetAndFixesTheEndTime() {
    recordMany("c1", 7);
    GetEventsResponse first = events.page(req("ASC", null, 5L));
    assertThat(first.events()).hasSize(5);
    assertThat(first.nextPage().offset()).isEqualTo(5);
    assertThat(first.nextPage().limit()).isEqualTo(5);
    assertThat(first.nextPage().endTime()).isEqualTo(clock.millis());
    GetEventsResponse second = events.page(first.nextPage());
    assertThat(workers(second)).containsExactly(5L, 6L);
    assertThat(second.nextPage()).isNull();
    assertThat(second.prevPageToken()).isNotNull();
  }

  @Test
  void pageTokensWorkToo() {
    recordMany("c1", 5);
    GetEventsRequest first =
        new GetEventsRequest("c1", null, null, "ASC", null, null, null, 2L, null);
    GetEventsResponse p1 = events.page(first);
    assertThat(workers(p1)).containsExactly(0L, 1L);
    GetEventsResponse p2 = events.page(first.withPageToken(p1.nextPageToken()));
    assertThat(workers(p2)).containsExactly(2L, 3L);
    GetEventsResponse p3 = events.page(first.withPageToken(p2.nextPageToken()));
    assertThat(workers(p3)).containsExactly(4L);
    assertThat(p3.nextPageToken()).isNull();
    GetEventsResponse back = events.page(first.withPageToken(p3.prevPageToken()));
    assertThat(workers(back)).containsExactly(2L, 3L);
  }

  @Test
  void limitDefaultsTo50AndPageSizeIsClamped() {
    recordMany("c1", 60);
    assertThat(events.page(GetEventsRequest.of("c1")).events()).hasSize(50);
    assertThat(events.page(req(null, null, 500L)).events()).hasSize(60);
    GetEventsRequest huge =
        new GetEventsRequest("c1", null, null, null, null, null, null, 100_000L, null);
    assertThat(events.page(huge).events()).hasSize(60);
  }

  @Test
  void deleteForForgetsOneCluster() {
    recordMany("c1", 3);
    recordMany("c2", 2);
    assertThat(events.deleteFor("c1")).isEqualTo(3);
    assertThat(events.page(GetEventsRequest.of("c1")).events()).isEmpty();
    assertThat(events.page(GetEventsRequest.of("c2")).events()).hasSize(2);
  }

  @Test
  void badRequestsAreInvalidParameters() {
    List<GetEventsRequest> bad =
        List.of(
            new GetEventsRequest(null, null, null, null, null, null, null, null, null),
            req("UP", null, null),
            req(null, null, 501L),
            req(null, null, -1L),
            req("ASC", -1L, null),
            req("DESC", 10L, null),
            new GetEventsRequest("c1", 10L, 5L, null, null, null, null, null, null),
            new GetEventsRequest("c1", null, null, null, List.of("BOGUS"), null, null, null, null),
            GetEventsRequest.of("c1").withPageToken("garbage!"));
    for (GetEventsRequest r : bad) {
      assertFailsWith(() -> events.page(r), ErrorCode.INVALID_PARAMETER_VALUE);
    }
  }
}
