package dev.kiln.driver.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a context's output shows of the secrets its commands read. */
class RedactorTest {
  private final Redactor redactor = new Redactor();

  @Test
  void aValueIsRedactedAsItIsAndLongerValuesFirst() {
    redactor.register("hunter2");
    redactor.register("hunter2-prod");
    assertThat(redactor.redact("pw=hunter2-prod, dev=hunter2."))
        .isEqualTo("pw=[REDACTED], dev=[REDACTED].");
  }

  @Test
  void aValueSpreadOutWithOneSeparatorRunIsRedacted() {
    redactor.register("s3cr3t!");
    // Scala's mkString(" "), mkString(","), mkString(", "), mkString("\n") and mkString("-")
    assertThat(redactor.redact("s 3 c r 3 t !")).isEqualTo(Redactor.MARK);
    assertThat(redactor.redact("s,3,c,r,3,t,!")).isEqualTo(Redactor.MARK);
    assertThat(redactor.redact("s, 3, c, r, 3, t, !")).isEqualTo(Redactor.MARK);
    assertThat(redactor.redact("s\n3\nc\nr\n3\nt\n!\n")).isEqualTo(Redactor.MARK + "\n");
    assertThat(redactor.redact("got: s-3-c-r-3-t-! done")).isEqualTo("got: [REDACTED] done");
    // Python's print(list(value))
    assertThat(redactor.redact("['s', '3', 'c', 'r', '3', 't', '!']")).isEqualTo("['[REDACTED]']");
  }

  @Test
  void aValueReversedPlainOrSpreadIsRedacted() {
    redactor.register("hunter2");
    assertThat(redactor.redact("2retnuh")).isEqualTo(Redactor.MARK);
    assertThat(redactor.redact("2 r e t n u h")).isEqualTo(Redactor.MARK);
  }

  @Test
  void regexCharactersInAValueAreTakenLiterally() {
    redactor.register("a.b*(c)");
    assertThat(redactor.redact("a . b * ( c )")).isEqualTo(Redactor.MARK);
    assertThat(redactor.redact("axbxxxcx")).isEqualTo("axbxxxcx");
    assertThat(redactor.redact("a b ( c )")).isEqualTo("a b ( c )");
  }

  @Test
  void ordinaryTextAndShortValuesSpreadOutAreLeftAlone() {
    redactor.register("abc");
    redactor.register("pass1234");
    // a three-character value is only redacted whole: "a b c" is too common to hide
    assertThat(redactor.redact("a b c, abc")).isEqualTo("a b c, [REDACTED]");
    // different separators, letters in between, or a partial value are not the secret
    assertThat(redactor.redact("p a s s 1 2 3")).isEqualTo("p a s s 1 2 3");
    assertThat(redactor.redact("pxaxsxs1234")).isEqualTo("pxaxsxs1234");
    assertThat(redactor.redact("p      a s s 1 2 3 4")).isEqualTo("p      a s s 1 2 3 4");
    assertThat(redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
  }

  @Test
  void tablesAndErrorsAreRedactedCellByCell() {
    redactor.register("hunter2");
    Result table =
        redactor.redact(
            new Result.Table(
                List.of(), List.of(List.of("h u n t e r 2", List.of("2retnuh"), 7)), false));
    assertThat(((Result.Table) table).rows())
        .containsExactly(List.of(Redactor.MARK, List.of(Redactor.MARK), 7));
    Result error = redactor.redact(new Result.Error("bad h,u,n,t,e,r,2", "hunter2", null));
    assertThat(error).isEqualTo(new Result.Error("bad [REDACTED]", Redactor.MARK, null));
  }
}
