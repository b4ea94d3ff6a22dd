package dev.kiln.it.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Answers given to the browser in place of the server's, shaped as the reference contract
 * (shared/reference/databricks-api.md) describes them: for failures the real server cannot be made
 * to produce on demand (a busy cluster manager). The UI code under test is the real one; only the
 * routed endpoints are stand-ins.
 */
final class ContractStub {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request the stub answered: its method, path with query, and body. */
  record Call(String method, String url, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Page page;

  ContractStub(Page page) {
    this.page = page;
  }

  /** Answers requests whose URL matches the glob with the JSON the function gives (status 200). */
  ContractStub on(String glob, Function<Call, Object> answer) {
    return on(glob, 200, answer);
  }

  ContractStub on(String glob, int status, Function<Call, Object> answer) {
    page.route(glob, route -> answer(route, status, answer));
    return this;
  }

  /** Answers requests whose whole URL passes the test (for URLs a glob cannot tell apart). */
  ContractStub onUrl(java.util.function.Predicate<String> url, Function<Call, Object> answer) {
    page.route(url, route -> answer(route, 200, answer));
    return this;
  }

  private void answer(Route route, int status, Function<Call, Object> answer) {
    Call call =
        new Call(
            route.request().method(),
            route.request().url(),
            route.request().postData() == null ? "" : route.request().postData());
    calls.add(call);
    route.fulfill(
        new Route.FulfillOptions()
            .setStatus(status)
            .setContentType("application/json")
            .setBody(write(answer.apply(call))));
  }

  List<Call> callsTo(String pathPart) {
    return calls.stream().filter(c -> c.url().contains(pathPart)).toList();
  }

  static String write(Object value) {
    try {
      return value instanceof String s ? s : JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
