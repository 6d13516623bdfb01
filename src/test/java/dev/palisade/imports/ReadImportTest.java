package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadImportTest {

  private static final List<EntryDraft> DRAFTS =
      List.of(EntryDraft.of(ListKind.BLOCK, "192.0.2.1"));

  @Test
  void withoutFailuresItIsGoodToStore() {
    ReadImport read =
        new ReadImport(
            List.of("a"), DRAFTS, List.of(), List.of(), 0, List.of(ZoneFileDirectives.NONE));

    assertThat(read.ok()).isTrue();
    assertThat(read.errors()).isEmpty();
    assertThat(read.errorCount()).isZero();
    assertThatNoException().isThrownBy(read::requireGood);
  }

  @Test
  void withFailuresItCountsEveryBadLineAndRefusesToBeStored() {
    ZoneFileIssue first = new ZoneFileIssue("a", 2, "x", "bad");
    ZoneFileIssue second = new ZoneFileIssue("b", 7, "y", "worse");
    ReadImport read =
        new ReadImport(
            List.of("a", "b"),
            DRAFTS,
            List.of(
                new ZoneFileException("a", List.of(first), 1),
                new ZoneFileException("b", List.of(second), 1500)),
            List.of(),
            0,
            List.of());

    assertThat(read.ok()).isFalse();
    assertThat(read.errors()).containsExactly(first, second);
    assertThat(read.errorCount()).isEqualTo(1501);
    assertThatThrownBy(read::requireGood)
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> {
              assertThat(e.errors()).containsExactly(first, second);
              assertThat(e.errorCount()).isEqualTo(1501);
              assertThat(e.getMessage()).startsWith("nothing was imported:\na: 1 bad line");
            });
  }
}
