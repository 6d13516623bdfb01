package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.zonefile.ZoneFileExport.Ranked;
import org.junit.jupiter.api.Test;

/** The export picks, among entries of one value, the entry the decision rule picks for DNS. */
class ZoneFileExportRankTest {

  private static final int CODE = 0x7f000002;

  private static Ranked entry(long id, String value, ListKind kind, boolean serverEntry) {
    return new Ranked(
        new ActiveEntry(id, 1, kind, EntryValue.parse(value), CODE, "r" + id), serverEntry);
  }

  @Test
  void theFirstEntryStandsAlone() {
    Ranked only = entry(1, "192.0.2.1", ListKind.BLOCK, false);
    assertThat(Ranked.better(null, only)).isSameAs(only);
  }

  @Test
  void aServerEntryBeatsAnAccountEntryWhateverItsList() {
    Ranked account = entry(1, "192.0.2.1", ListKind.ALLOW, false);
    Ranked server = entry(2, "192.0.2.1", ListKind.BLOCK, true);
    assertThat(Ranked.better(account, server)).isSameAs(server);
    assertThat(Ranked.better(server, account)).isSameAs(server);
  }

  @Test
  void allowBeatsBlockWithinOneScope() {
    Ranked block = entry(1, "192.0.2.0/24", ListKind.BLOCK, true);
    Ranked allow = entry(2, "192.0.2.0/24", ListKind.ALLOW, true);
    assertThat(Ranked.better(block, allow)).isSameAs(allow);
    assertThat(Ranked.better(allow, block)).isSameAs(allow);
  }

  @Test
  void belowANameTheWildcardIsReportedOverTheDotForm() {
    Ranked dot = entry(1, ".example.com", ListKind.BLOCK, false);
    Ranked star = entry(2, "*.example.com", ListKind.BLOCK, false);
    assertThat(Ranked.better(dot, star)).isSameAs(star);
    assertThat(Ranked.better(star, dot)).isSameAs(star);
  }

  @Test
  void theFirstOfTwoAlikeEntriesStays() {
    Ranked first = entry(1, "192.0.2.1", ListKind.BLOCK, false);
    Ranked second = entry(2, "192.0.2.1", ListKind.BLOCK, false);
    assertThat(Ranked.better(first, second)).isSameAs(first);
  }
}
