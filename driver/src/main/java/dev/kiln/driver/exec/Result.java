package dev.kiln.driver.exec;

import java.util.List;
import java.util.Map;

public sealed interface Result permits Result.Text, Result.Table, Result.Error, Result.Image {
  record Text(String data) implements Result {}

  record Table(
      List<Map<String, Object>> schema /* [{name, type, metadata:"{}"}] */,
      List<List<Object>> rows,
      boolean truncated)
      implements Result {}

  @SuppressWarnings("JavaLangClash") // the name the interface contract gives
  record Error(String summary, String cause) implements Result {}

  record Image(String fileName /* data:image/png;base64,... */) implements Result {}
}
