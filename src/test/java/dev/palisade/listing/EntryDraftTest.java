package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntryDraftTest {

  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

  @Test
  void acceptsNoExpiryOrOneInTheFuture() {
    assertThatCode(() -> expiring(null).checkExpiresAfter(NOW)).doesNotThrowAnyException();
    assertThatCode(() -> expiring(NOW.plusNanos(1)).checkExpiresAfter(NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAnExpiryNowOrInThePastNamingTheValue() {
    assertThatThrownBy(() -> expiring(NOW).checkExpiresAfter(NOW))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessage("expiry 2030-01-01T12:00:00Z of 192.0.2.0/24 is not in the future");
    assertThatThrownBy(() -> expiring(NOW.minusSeconds(1)).checkExpiresAfter(NOW))
        .isInstanceOf(InvalidEntryException.class);
  }

  private static EntryDraft expiring(Instant expiresAt) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.0/24"), null, null, expiresAt);
  }
}
