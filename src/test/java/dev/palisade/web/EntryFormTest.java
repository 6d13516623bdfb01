package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryFormTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void makesADraftOfAGoodForm() {
    FormErrors errors = new FormErrors();
    EntryDraft draft =
        new EntryForm("", "Allow", " 192.0.2.0/24 ", "127.0.0.3", " trusted ", "", "7d")
            .toDraft(NOW, errors);
    assertThat(errors.any()).isFalse();
    assertThat(draft.kind()).isEqualTo(ListKind.ALLOW);
    assertThat(draft.value().canonical()).isEqualTo("192.0.2.0/24");
    assertThat(draft.returnCode()).isEqualTo(0x7f000003);
    assertThat(draft.reason()).isEqualTo("trusted");
    assertThat(draft.expiresAt()).isEqualTo(Instant.parse("2030-01-08T00:00:00Z"));
  }

  @Test
  void takesAnExpiryDateInUtc() {
    FormErrors errors = new FormErrors();
    EntryDraft draft =
        new EntryForm("", "block", "example.com", "", "", "2030-02-01T12:30", "")
            .toDraft(NOW, errors);
    assertThat(draft.expiresAt()).isEqualTo(Instant.parse("2030-02-01T12:30:00Z"));
    assertThat(draft.returnCode()).isNull();
    assertThat(draft.reason()).isNull();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          list       | neither                  | Choose block, allow or exclude
          value      | ""                       | Enter an address, a network (192.0.2.0/24) or a domain (.example.com)
          value      | 192.0.2.1/24             | '192.0.2.1/24' has host bits set
          value      | exa mple.com             | 'exa mple.com' contains whitespace
          returnCode | 10.0.0.2                 | Return code '10.0.0.2' is outside 127.0.0.0/8, where DNSBL answers must be
          expiresAt  | next week                | Write the date as 2030-01-31T12:00 (UTC)
          expiresAt  | 2029-12-31T23:59         | The expiry must be in the future; clear it for no expiry
          expiresIn  | 2y                       | Choose one of the offered durations
          """)
  void notesABadFieldNextToIt(String field, String input, String message) {
    String list = field.equals("list") ? input : "block";
    String value = field.equals("value") ? input : "192.0.2.1";
    String code = field.equals("returnCode") ? input : "";
    String at = field.equals("expiresAt") ? input : "";
    String in = field.equals("expiresIn") ? input : "";
    FormErrors errors = new FormErrors();
    EntryDraft draft = new EntryForm("", list, value, code, "", at, in).toDraft(NOW, errors);
    assertThat(draft).isNull();
    assertThat(errors.all()).hasSize(1);
    assertThat(errors.get(field)).startsWith(message);
  }

  @Test
  void refusesADateAndADurationTogether() {
    FormErrors errors = new FormErrors();
    new EntryForm("", "block", "192.0.2.1", "", "", "2030-02-01T12:30", "1d").toDraft(NOW, errors);
    assertThat(errors.get("expiresIn")).isEqualTo("Give either a date or a duration, not both");
  }

  @Test
  void notesEveryBadFieldAtOnce() {
    FormErrors errors = new FormErrors();
    new EntryForm("", "", "not valid!", "1.2.3.4", "", "soon", "").toDraft(NOW, errors);
    assertThat(errors.has("list")).isTrue();
    assertThat(errors.has("value")).isTrue();
    assertThat(errors.has("returnCode")).isTrue();
    assertThat(errors.has("expiresAt")).isTrue();
  }

  @Test
  void notesAReasonTooLongForDns() {
    FormErrors errors = new FormErrors();
    EntryDraft draft =
        new EntryForm("", "block", "192.0.2.1", "", "x".repeat(EntryDraft.MAX_REASON + 1), "", "")
            .toDraft(NOW, errors);
    assertThat(draft).isNull();
    assertThat(errors.has("reason")).isTrue();
  }
}
