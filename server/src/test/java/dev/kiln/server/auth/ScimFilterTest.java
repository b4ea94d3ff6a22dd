package dev.kiln.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.api.ApiException;
import org.junit.jupiter.api.Test;

class ScimFilterTest {
  private final User ann = new User(7, "ann@example.com", "Ann Lee", true, false, 0);
  private final User bob = new User(8, "bob", "Bob", false, true, 0);

  @Test
  void eqOnUserNameIsCaseInsensitive() {
    assertThat(ScimFilter.parse("userName eq \"ANN@example.com\"").test(ann)).isTrue();
    assertThat(ScimFilter.parse("userName eq \"ann@example.com\"").test(bob)).isFalse();
  }

  @Test
  void coAndSwOnDisplayName() {
    assertThat(ScimFilter.parse("displayName co \"lee\"").test(ann)).isTrue();
    assertThat(ScimFilter.parse("displayName sw \"Ann\"").test(ann)).isTrue();
    assertThat(ScimFilter.parse("displayName sw \"Lee\"").test(ann)).isFalse();
  }

  @Test
  void idAndActive() {
    assertThat(ScimFilter.parse("id eq 7").test(ann)).isTrue();
    assertThat(ScimFilter.parse("id eq \"8\"").test(ann)).isFalse();
    assertThat(ScimFilter.parse("active eq false").test(bob)).isTrue();
  }

  @Test
  void escapedQuotesInValues() {
    User quoted = new User(9, "q", "say \"hi\"", true, false, 0);
    assertThat(ScimFilter.parse("displayName eq \"say \\\"hi\\\"\"").test(quoted)).isTrue();
  }

  @Test
  void emptyFilterMatchesEveryone() {
    assertThat(ScimFilter.parse(null).test(ann)).isTrue();
    assertThat(ScimFilter.parse(" ").test(bob)).isTrue();
  }

  @Test
  void unsupportedFiltersAreInvalidParameters() {
    assertThatThrownBy(() -> ScimFilter.parse("userName gt \"a\""))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> ScimFilter.parse("nonsense")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> ScimFilter.parse("emails eq \"x\"").test(ann))
        .isInstanceOf(ApiException.class);
  }
}
