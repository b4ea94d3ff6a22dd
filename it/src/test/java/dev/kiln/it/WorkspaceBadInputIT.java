package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.WorkspaceCalls.b64;
import static dev.kiln.it.WorkspaceCalls.exportText;
import static dev.kiln.it.WorkspaceCalls.folder;
import static dev.kiln.it.WorkspaceCalls.importSource;
import static dev.kiln.it.WorkspaceCalls.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Raw Workspace API 2.0 calls the SDK would never send (malformed JSON, wrong types, bad paths, no
 * credentials): each gets a Databricks error and changes nothing.
 */
class WorkspaceBadInputIT extends ServerIT {

  @Test
  void badInputGetsDatabricksErrorsAndChangesNothing(TestInfo info) {
    String dir = folder(admin, info);
    importSource(admin, dir + "/keep", Language.PYTHON, "kept");
    List<ObjectInfo> before = list(admin, dir);
    String ok = "\"format\":\"SOURCE\",\"language\":\"PYTHON\",\"content\":\"" + b64("x") + "\"";
    String target = "\"path\":\"" + dir + "/new\"";
    String keep = "\"path\":\"" + dir + "/keep\"";
    List<String[]> imports =
        List.of(
            new String[] {"{\"path\":", "MALFORMED_REQUEST"},
            new String[] {"[1,2]", "MALFORMED_REQUEST"},
            new String[] {"{\"path\":5," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{" + target + "," + ok + ",\"overwrite\":\"yes\"}", "INVALID_PARAMETER_VALUE"
            },
            new String[] {"{" + keep + "," + ok + ",\"overwrite\":1}", "INVALID_PARAMETER_VALUE"},
            new String[] {"{" + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{" + target + ",\"format\":\"SOURCE\",\"language\":\"PYTHON\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"language\":\"PYTHON\",\"content\":\"%%%\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"language\":\"PYTHON\",\"content\":\"e!A=\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"format\":\"source\",\"language\":\"PYTHON\",\"content\":\"eA==\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"format\":\"SOURCE\",\"language\":\"JAVA\",\"content\":\"eA==\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"format\":[\"SOURCE\"],\"content\":\"eA==\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {"{\"path\":\"Users/admin/x\"," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{\"path\":\"" + dir + "/../keep\"," + ok + ",\"overwrite\":true}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {"{\"path\":\"" + dir + "//new\"," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {"{\"path\":\"" + dir + "/./new\"," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{\"path\":\"/\"," + ok + ",\"overwrite\":true}", "RESOURCE_ALREADY_EXISTS"
            });
    for (String[] call : imports) {
      assertError(server.call("POST", "/api/2.0/workspace/import", call[0]), 400, call[1]);
    }
    String huge = Base64.getEncoder().encodeToString(new byte[10 * 1024 * 1024 + 1]);
    assertError(
        server.call(
            "POST",
            "/api/2.0/workspace/import",
            "{" + keep + ",\"format\":\"RAW\",\"overwrite\":true,\"content\":\"" + huge + "\"}"),
        400,
        "MAX_NOTEBOOK_SIZE_EXCEEDED");

    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":7}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"" + dir + "/a/../b\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"rel/x\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{" + keep + ",\"recursive\":\"maybe\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{\"path\":\"keep\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{\"recursive\":true}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{\"path\":\"/\",\"recursive\":true}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/list", null), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/list?path=Users", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "GET", "/api/2.0/workspace/list?path=" + dir + "&notebooks_modified_after=soon", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/get-status?path=" + dir + "/..", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/export?path=" + dir + "/keep&format=BOGUS", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "GET", "/api/2.0/workspace/export?path=" + dir + "/keep&direct_download=maybe", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/list?path=/Users", null, null),
        401,
        "UNAUTHENTICATED");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"" + dir + "/x\"}", null),
        401,
        "UNAUTHENTICATED");

    assertThat(list(admin, dir)).isEqualTo(before);
    assertThat(exportText(admin, dir + "/keep", ExportFormat.SOURCE))
        .isEqualTo("# Databricks notebook source\nkept");
  }
}
