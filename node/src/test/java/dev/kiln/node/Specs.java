package dev.kiln.node;

import dev.kiln.model.node.InitScriptSpec;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import java.util.List;
import java.util.Map;

/** Node specs for tests. */
final class Specs {
  private Specs() {}

  static NodeSpec driver(Map<String, String> sparkConf, List<InitScriptSpec> scripts) {
    return new NodeSpec(
        "c-1",
        "etl",
        "i-1",
        NodeRole.DRIVER,
        "node-secret",
        "spark-secret",
        1,
        2048,
        null,
        sparkConf,
        scripts,
        600,
        "/driver-proxy/c-1",
        0,
        "kiln.small",
        "http://127.0.0.1:8080");
  }
}
