package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a batch is made unique before it is written; the writing itself is {@code BulkUpsertIT}'s.
 */
class UpsertBatchesTest {

  @Test
  void aValueGivenTwiceCountsOnceTheLastWinningInTheFirstPlace() {
    Map<String, UpsertBatches.Wanted> unique =
        UpsertBatches.unique(
            List.of(
                draft(ListKind.BLOCK, "192.0.2.1", "first"),
                draft(ListKind.BLOCK, "198.51.100.0/24", null),
                draft(ListKind.BLOCK, "192.0.2.1/32", "last")));

    assertThat(unique.values())
        .extracting(UpsertBatches.Wanted::value, wanted -> wanted.draft().reason())
        .containsExactly(tuple("192.0.2.1", "last"), tuple("198.51.100.0/24", null));
  }

  @Test
  void theSameValueOnBothListsIsTwoEntries() {
    Map<String, UpsertBatches.Wanted> unique =
        UpsertBatches.unique(
            List.of(
                draft(ListKind.BLOCK, "Example.COM", null),
                draft(ListKind.ALLOW, "example.com", null)));

    assertThat(unique.values())
        .extracting(wanted -> wanted.draft().kind(), UpsertBatches.Wanted::value)
        .containsExactly(
            tuple(ListKind.BLOCK, "example.com"), tuple(ListKind.ALLOW, "example.com"));
  }

  @Test
  void keepsTheCanonicalText() {
    Map<String, UpsertBatches.Wanted> unique =
        UpsertBatches.unique(List.of(draft(ListKind.BLOCK, "2001:0DB8::0001", null)));

    assertThat(unique.values())
        .extracting(UpsertBatches.Wanted::value)
        .containsExactly("2001:db8::1");
  }

  private static EntryDraft draft(ListKind kind, String value, String reason) {
    return new EntryDraft(kind, EntryValue.parse(value), null, reason, null);
  }
}
