package dev.kiln.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsTest {
  @Test
  void dottedKeysNestAndRepeatedKeysBecomeArrays() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("path", List.of("/a"));
    params.put("filter_by.cluster_states", List.of("RUNNING", "PENDING"));
    params.put("filter_by.is_pinned", List.of("true"));
    assertThat(Requests.queryTree(params).toString())
        .isEqualTo(
            "{\"path\":\"/a\",\"filter_by\":{\"cluster_states\":[\"RUNNING\",\"PENDING\"],"
                + "\"is_pinned\":\"true\"}}");
  }

  @Test
  void noParametersIsAnEmptyObject() {
    assertThat(Requests.queryTree(Map.of()).isEmpty()).isTrue();
  }
}
