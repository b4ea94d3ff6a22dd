package dev.kiln.driver.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
  @Test
  void rendersEachResultTypeWithCamelCaseKeys() {
    assertThat(ResultJson.render(new Result.Text("x: Int = 2")))
        .containsExactly(Map.entry("resultType", "text"), Map.entry("data", "x: Int = 2"));
    assertThat(ResultJson.render(new Result.Text("hello\n42\n")))
        .containsEntry("data", "hello\n42");
    Map<String, Object> column = Map.of("name", "a", "type", "int", "metadata", "{}");
    assertThat(ResultJson.render(new Result.Table(List.of(column), List.of(List.of(1)), true)))
        .containsEntry("resultType", "table")
        .containsEntry("data", List.of(List.of(1)))
        .containsEntry("schema", List.of(column))
        .containsEntry("truncated", true)
        .containsEntry("isJsonSchema", false);
    assertThat(ResultJson.render(new Result.Error("java.lang.X: y", "trace")))
        .containsExactly(
            Map.entry("resultType", "error"),
            Map.entry("summary", "java.lang.X: y"),
            Map.entry("cause", "trace"));
    assertThat(ResultJson.render(new Result.Image("data:image/png;base64,AA==")))
        .containsEntry("resultType", "image")
        .containsEntry("fileName", "data:image/png;base64,AA==");
  }

  @Test
  void redactorHidesSecretsInTextCellsAndErrorsLongestFirst() {
    Redactor r = new Redactor();
    r.register("abc");
    r.register("abcdef");
    r.register("");
    assertThat(r.redact(new Result.Text("x abcdef y abc")))
        .isEqualTo(new Result.Text("x [REDACTED] y [REDACTED]"));
    assertThat(r.redact(new Result.Error("bad abc", "at abcdef")))
        .isEqualTo(new Result.Error("bad [REDACTED]", "at [REDACTED]"));
    Result.Table t =
        (Result.Table)
            r.redact(
                new Result.Table(List.of(), List.of(List.of("abc", 3, List.of("zabc"))), false));
    assertThat(t.rows()).containsExactly(List.of("[REDACTED]", 3, List.of("z[REDACTED]")));
    assertThat(new Redactor().redact("abc")).isEqualTo("abc");
  }
}
