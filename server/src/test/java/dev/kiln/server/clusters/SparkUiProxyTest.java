package dev.kiln.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.server.api.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SparkUiProxyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Principal ALICE = new Principal(7, "alice", false);

  private static SparkUiProxy proxyAt(Instant now) {
    return new SparkUiProxy(null, null, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aTicketOpensTheUiOfItsOwnClusterOnly() {
    SparkUiProxy proxy = proxyAt(NOW);
    String ticket = proxy.ticket(ALICE, "c-1");
    assertThat(proxy.validTicket(ticket, "c-1")).isTrue();
    assertThat(proxy.validTicket(ticket, "c-2")).isFalse();
  }

  @Test
  void aTicketExpiresAndCannotBeForgedOrStretched() {
    SparkUiProxy proxy = proxyAt(NOW);
    String ticket = proxy.ticket(ALICE, "c-1");
    String[] parts = ticket.split("\\.");
    long expiry = Long.parseLong(parts[1]);
    assertThat(proxy.validTicket(parts[0] + "." + (expiry + 3600) + "." + parts[2], "c-1"))
        .isFalse();
    assertThat(proxy.validTicket("8." + parts[1] + "." + parts[2], "c-1")).isFalse();
    assertThat(proxy.validTicket("", "c-1")).isFalse();
    assertThat(proxy.validTicket("x.y.z", "c-1")).isFalse();
    assertThat(proxy.validTicket("7.nope." + parts[2], "c-1")).isFalse();
    // Another server (another key) does not take it.
    assertThat(proxyAt(NOW).validTicket(ticket, "c-1")).isFalse();
  }

  @Test
  void aTicketIsValidForItsLifetimeOnly() {
    Instant[] now = {NOW};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    SparkUiProxy proxy = new SparkUiProxy(null, null, clock);
    String ticket = proxy.ticket(ALICE, "c-1");
    now[0] = NOW.plus(SparkUiProxy.TICKET_LIFETIME).minusSeconds(1);
    assertThat(proxy.validTicket(ticket, "c-1")).isTrue();
    now[0] = NOW.plus(SparkUiProxy.TICKET_LIFETIME);
    assertThat(proxy.validTicket(ticket, "c-1")).isFalse();
  }

  @Test
  void redirectsStayInsideTheProxy() {
    String origin = "http://127.0.0.1:4040";
    String base = "/driver-proxy/c-1/_t/abc";
    assertThat(SparkUiProxy.rewrite(origin + "/jobs/", origin, base)).isEqualTo(base + "/jobs/");
    assertThat(SparkUiProxy.rewrite("/jobs/", origin, base)).isEqualTo(base + "/jobs/");
    assertThat(SparkUiProxy.rewrite(base + "/jobs/", origin, base)).isEqualTo(base + "/jobs/");
    assertThat(SparkUiProxy.rewrite("stages/", origin, base)).isEqualTo("stages/");
    assertThat(SparkUiProxy.rewrite("https://evil.example/x", origin, base)).isEqualTo(base + "/");
    assertThat(SparkUiProxy.rewrite("//evil.example/x", origin, base)).isEqualTo(base + "/");
    assertThat(SparkUiProxy.rewrite("javascript:alert(1)", origin, base)).isEqualTo(base + "/");
  }
}
