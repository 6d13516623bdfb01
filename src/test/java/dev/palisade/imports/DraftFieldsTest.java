package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DraftFieldsTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void readsAGoodDraftFieldByField() {
    DraftFields fields = new DraftFields();

    EntryDraft draft =
        fields.draft(
            fields.list(" Block "),
            fields.value("192.0.2.0/24"),
            fields.returnCode("127.0.0.3"),
            " spam from $ ",
            fields.expiry(null, 3600L, NOW));

    assertThat(fields.ok()).isTrue();
    assertThat(fields.problems()).isEmpty();
    assertThat(draft)
        .isEqualTo(
            new EntryDraft(
                ListKind.BLOCK,
                EntryValue.parse("192.0.2.0/24"),
                0x7f000003,
                "spam from $",
                NOW.plusSeconds(3600)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown list        | deny  | 192.0.2.1    |           |      | list       | list 'deny' is unknown: expected 'block', 'allow' or 'exclude'",
        "missing list        |       | 192.0.2.1    |           |      | list       | list is missing: expected 'block', 'allow' or 'exclude'",
        "missing value       | block |              |           |      | value      | value is missing",
        "host bits           | block | 192.0.2.1/24 |           |      | value      | host bits set",
        "code outside 127/8  | block | 192.0.2.1    | 10.0.0.2  |      | returnCode | outside 127.0.0.0/8",
        "reserved code       | block | 192.0.2.1    | 127.0.0.1 |      | returnCode | is reserved",
        "zero ttl            | block | 192.0.2.1    |           | 0    | ttl        | ttl 0 is not between 1 and 315360000 seconds",
        "control in reason   | block | 192.0.2.1    |           | BELL | reason     | reason contains the character U+0007",
      })
  void namesTheFieldOfEachProblem(
      String what,
      String list,
      String value,
      String code,
      String extra,
      String field,
      String message) {
    DraftFields fields = new DraftFields();
    Long ttl = "0".equals(extra) ? 0L : null;
    String reason = "BELL".equals(extra) ? "a\u0007b" : null;

    EntryDraft draft =
        fields.draft(
            fields.list(list),
            fields.value(value),
            fields.returnCode(code),
            reason,
            fields.expiry(null, ttl, NOW));

    assertThat(draft).isNull();
    assertThat(fields.ok()).isFalse();
    assertThat(fields.problems()).hasSize(1);
    assertThat(fields.problems().get(0).field()).isEqualTo(field);
    assertThat(fields.problems().get(0).message()).contains(message);
  }

  @Test
  void reportsEveryBadFieldOfOneDraftInOrder() {
    DraftFields fields = new DraftFields();

    fields.draft(
        fields.list("deny"),
        fields.value("10.1.2.3/24"),
        fields.returnCode("10.0.0.2"),
        null,
        fields.expiry(null, null, NOW));

    assertThat(fields.problems())
        .extracting(DraftFields.Problem::field)
        .containsExactly("list", "value", "returnCode");
    assertThat(fields.message()).contains("; ").startsWith("list 'deny' is unknown");
  }

  @Test
  void anExpiryMustBeInTheFutureAndGivenOneWayOnly() {
    DraftFields past = new DraftFields();
    assertThat(past.expiry(NOW, null, NOW)).isNull();
    assertThat(past.problems())
        .extracting(DraftFields.Problem::field, DraftFields.Problem::message)
        .containsExactly(tuple("expiresAt", "expiresAt 2030-01-01T00:00:00Z is not in the future"));

    DraftFields both = new DraftFields();
    assertThat(both.expiry(NOW.plusSeconds(1), 5L, NOW)).isNull();
    assertThat(both.problems())
        .extracting(DraftFields.Problem::field, DraftFields.Problem::message)
        .containsExactly(tuple("ttl", "give either expiresAt or ttl, not both"));

    DraftFields written = new DraftFields();
    assertThat(written.expiresAt(NOW.minusSeconds(1), "expiry 'yesterday'", NOW)).isNull();
    assertThat(written.message()).isEqualTo("expiry 'yesterday' is not in the future");

    DraftFields fine = new DraftFields();
    assertThat(fine.expiry(NOW.plusSeconds(1), null, NOW)).isEqualTo(NOW.plusSeconds(1));
    assertThat(fine.expiry(null, DraftFields.MAX_TTL, NOW))
        .isEqualTo(NOW.plusSeconds(DraftFields.MAX_TTL));
    assertThat(fine.expiry(null, null, NOW)).isNull();
    assertThat(fine.ok()).isTrue();
  }

  @Test
  void aMissingReturnCodeIsTheDefaultButABlankOneIsWrong() {
    DraftFields fields = new DraftFields();

    assertThat(fields.returnCode(null)).isNull();
    assertThat(fields.ok()).isTrue();
    assertThat(fields.returnCode(" ")).isNull();
    assertThat(fields.message()).contains("return code is empty");
  }

  @Test
  void aDraftIsNotMadeOnceAFieldWasBad() {
    DraftFields fields = new DraftFields();
    fields.problem("expiresAt", "expiry 'tomorrow' is not a date");

    assertThat(fields.draft(ListKind.BLOCK, fields.value("192.0.2.1"), null, null, null)).isNull();
    assertThat(fields.problems()).hasSize(1);
  }

  @Test
  void kindOfARequestParameterThrows() {
    assertThat(DraftFields.kind("allow")).isEqualTo(ListKind.ALLOW);
    assertThatThrownBy(() -> DraftFields.kind("both"))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessage("list 'both' is unknown: expected 'block', 'allow' or 'exclude'");
  }
}
