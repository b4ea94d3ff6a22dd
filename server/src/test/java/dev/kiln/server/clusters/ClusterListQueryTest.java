package dev.kiln.server.clusters;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.clusters.ClusterDetails;
import dev.kiln.model.clusters.ClusterInfo;
import dev.kiln.model.clusters.ClusterSource;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.ListClustersResponse;
import dev.kiln.server.api.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** clusters/list: filters, the two orders, and page tokens. */
class ClusterListQueryTest {
  private static ClusterDetails cluster(
      String id, String name, ClusterState state, long start, ClusterSource source, String policy) {
    ClusterSpec spec = ClusterSpec.of(name, "1.0.x-scala2.13", "kiln-1c-2g", 1);
    spec = spec.withClusterSource(source);
    if (policy != null) {
      spec = ClusterSpec.fromJson(spec.toJson().put("policy_id", policy));
    }
    ClusterInfo info =
        new ClusterInfo(
            id, "ann", state, "", start, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);
    return ClusterDetails.of(spec, info);
  }

  private static final List<ClusterDetails> ALL =
      List.of(
          cluster("c1", "beta", ClusterState.TERMINATED, 500, ClusterSource.UI, null),
          cluster("c2", "Alpha", ClusterState.RUNNING, 100, ClusterSource.API, "p1"),
          cluster("c3", "gamma", ClusterState.PENDING, 300, ClusterSource.JOB, null),
          cluster("c4", "delta", ClusterState.TERMINATED, 50, ClusterSource.API, "p1"));

  private static Map<String, List<String>> params(String... kv) {
    Map<String, List<String>> map = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
    }
    return map;
  }

  private static List<String> ids(ListClustersResponse r) {
    return r.clusters().stream().map(ClusterDetails::clusterId).toList();
  }

  private static ListClustersResponse list(Set<String> pinned, String... kv) {
    return ClusterListQuery.parse(params(kv)).page(ALL, pinned);
  }

  @Test
  void defaultOrderIsPinnedThenActiveThenNewest() {
    assertThat(ids(list(Set.of()))).containsExactly("c3", "c2", "c1", "c4");
    assertThat(ids(list(Set.of("c4")))).containsExactly("c4", "c3", "c2", "c1");
    assertThat(ids(list(Set.of(), "sort_by.direction", "DESC")))
        .containsExactly("c4", "c1", "c2", "c3");
  }

  @Test
  void sortsByNameIgnoringCase() {
    assertThat(ids(list(Set.of(), "sort_by.field", "CLUSTER_NAME")))
        .containsExactly("c2", "c1", "c4", "c3");
    assertThat(ids(list(Set.of(), "sort_by.field", "CLUSTER_NAME", "sort_by.direction", "DESC")))
        .containsExactly("c3", "c4", "c1", "c2");
  }

  @Test
  void filtersByStatesRepeatedOrCommaSeparated() {
    assertThat(ids(list(Set.of(), "filter_by.cluster_states", "RUNNING,PENDING")))
        .containsExactly("c3", "c2");
    assertThat(
            ids(
                list(
                    Set.of(),
                    "filter_by.cluster_states",
                    "RUNNING",
                    "filter_by.cluster_states",
                    "TERMINATED")))
        .containsExactly("c2", "c1", "c4");
  }

  @Test
  void filtersBySourcePinnedAndPolicy() {
    assertThat(ids(list(Set.of(), "filter_by.cluster_sources", "API"))).containsExactly("c2", "c4");
    assertThat(ids(list(Set.of("c1"), "filter_by.is_pinned", "true"))).containsExactly("c1");
    assertThat(ids(list(Set.of("c1"), "filter_by.is_pinned", "false")))
        .containsExactly("c3", "c2", "c4");
    assertThat(ids(list(Set.of(), "filter_by.policy_id", "p1"))).containsExactly("c2", "c4");
  }

  @Test
  void pagesWithTokensUntilTheLast() {
    ListClustersResponse first = list(Set.of(), "page_size", "3");
    assertThat(ids(first)).containsExactly("c3", "c2", "c1");
    assertThat(first.prevPageToken()).isNull();
    assertThat(first.nextPageToken()).isNotBlank();
    ListClustersResponse second =
        list(Set.of(), "page_size", "3", "page_token", first.nextPageToken());
    assertThat(ids(second)).containsExactly("c4");
    assertThat(second.nextPageToken()).isNull();
    ListClustersResponse back =
        list(Set.of(), "page_size", "3", "page_token", second.prevPageToken());
    assertThat(ids(back)).containsExactly("c3", "c2", "c1");
  }

  @Test
  void aClusterThatChangesPlaceWhileAClientPagesIsNotSkipped() {
    ListClustersResponse first = list(Set.of(), "page_size", "2");
    assertThat(ids(first)).containsExactly("c3", "c2");
    // c3 was listed; then it terminates and sorts behind the others. An offset would now skip c1.
    List<ClusterDetails> moved = new java.util.ArrayList<>();
    for (ClusterDetails c : ALL) {
      moved.add(
          c.clusterId().equals("c3")
              ? cluster("c3", "gamma", ClusterState.TERMINATED, 300, ClusterSource.JOB, null)
              : c);
    }
    ListClustersResponse second =
        ClusterListQuery.parse(params("page_size", "2", "page_token", first.nextPageToken()))
            .page(moved, Set.of());
    assertThat(ids(second)).startsWith("c1");
  }

  @Test
  void listOmitsSpecAndDefaultsThePageSize() {
    ListClustersResponse all = list(Set.of(), "page_size", "0");
    assertThat(all.clusters()).hasSize(4).allSatisfy(c -> assertThat(c.spec()).isNull());
    assertThat(all.nextPageToken()).isNull();
    assertThat(ClusterListQuery.parse(params()).pageSize())
        .isEqualTo(ClusterListQuery.DEFAULT_PAGE_SIZE);
    assertThat(ClusterListQuery.parse(params("page_size", "1000")).pageSize()).isEqualTo(100);
    assertThat(ClusterListQuery.parse(params("page_size", "1")).unpaged().pageSize())
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void badValuesAreInvalidParameters() {
    for (String[] kv :
        new String[][] {
          {"filter_by.cluster_states", "RUNNING,SLEEPING"},
          {"filter_by.cluster_sources", "CLI"},
          {"filter_by.is_pinned", "yes"},
          {"page_size", "-1"},
          {"page_size", "ten"},
          {"page_token", "not-a-token!"},
          {"page_token", "Zm9vOjE"},
          {"sort_by.field", "NAME"},
          {"sort_by.direction", "UP"}
        }) {
      assertFailsWith(
          () -> ClusterListQuery.parse(params(kv)).page(ALL, Set.of()),
          ErrorCode.INVALID_PARAMETER_VALUE);
    }
  }
}
