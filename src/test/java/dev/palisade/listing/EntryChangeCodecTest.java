package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

class EntryChangeCodecTest {

  @Test
  void aChangeReadBackIsTheChangeWritten() {
    EntriesChanged change =
        new EntriesChanged(
            7,
            41,
            42,
            List.of(entry(1, ListKind.BLOCK, "192.0.2.0/24", 0x7f000002, "spam from $")),
            List.of(
                entry(2, ListKind.ALLOW, "192.0.2.7", 0x7f000003, null),
                entry(3, ListKind.BLOCK, "2001:db8::/32", 0x7f000004, "v6 $"),
                entry(4, ListKind.BLOCK, ".example.net", 0x7f000005, "ünïcode reason"),
                entry(5, ListKind.ALLOW, "*.example.org", 0x7f000006, ""),
                entry(6, ListKind.BLOCK, "example.com", 0x7f000002, "x".repeat(1000))));

    EntriesChanged read = EntryChangeCodec.decode(7, 41, 42, EntryChangeCodec.encode(change));

    assertThat(read).isEqualTo(change);
  }

  /**
   * A change with an exclusion has a format of its own, which an older node refuses rather than
   * reading the exclusion as another kind; a change without one keeps the format older nodes read.
   */
  @Test
  void aChangeWithAnExclusionIsWrittenInFormat4AndOthersInFormat2() throws IOException {
    EntriesChanged excluding =
        new EntriesChanged(
            7,
            1,
            2,
            List.of(entry(1, ListKind.BLOCK, "10.0.0.0/8", 0x7f000002, "spam")),
            List.of(entry(2, ListKind.EXCLUDE, "10.1.2.3", 0, null)));
    EntriesChanged plain =
        new EntriesChanged(
            7, 1, 2, List.of(), List.of(entry(1, ListKind.BLOCK, "10.0.0.0/8", 0x7f000002, null)));

    byte[] bytes = EntryChangeCodec.encode(excluding);

    assertThat(formatOf(bytes)).isEqualTo(4);
    assertThat(formatOf(EntryChangeCodec.encode(plain))).isEqualTo(2);
    assertThat(EntryChangeCodec.decode(7, 1, 2, bytes)).isEqualTo(excluding);
  }

  private static int formatOf(byte[] change) throws IOException {
    try (var in = new InflaterInputStream(new ByteArrayInputStream(change))) {
      return in.read();
    }
  }

  /** Every node's index removes the entry at its expiry by itself, so the feed carries it. */
  @Test
  void anEntrysExpiryTravelsWithTheChange() {
    Instant at = Instant.parse("2030-01-01T00:00:00.123Z");
    ActiveEntry expiring =
        new ActiveEntry(1, 7, ListKind.BLOCK, EntryValue.parse("192.0.2.1"), 0x7f000002, null, at);
    EntriesChanged change = new EntriesChanged(7, 1, 2, List.of(), List.of(expiring));

    EntriesChanged read = EntryChangeCodec.decode(7, 1, 2, EntryChangeCodec.encode(change));

    assertThat(read.added().get(0).expiresAt()).isEqualTo(at);
    assertThat(read).isEqualTo(change);
  }

  @Test
  void aBulkChangeIsSmallerThanItsEntries() {
    List<ActiveEntry> added = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      added.add(
          entry(
              i,
              ListKind.BLOCK,
              "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff),
              0x7f000002,
              "listed by the trap"));
    }
    EntriesChanged change = new EntriesChanged(7, 1, 2, List.of(), added);

    byte[] bytes = EntryChangeCodec.encode(change);

    assertThat(bytes.length).isLessThan(100_000 * 16);
    EntriesChanged read = EntryChangeCodec.decode(7, 1, 2, bytes);
    assertThat(read.added()).isEqualTo(added);
    // One reason object for all entries, as the index holds it.
    assertThat(read.added().get(0).reason()).isSameAs(read.added().get(99_999).reason());
  }

  @Test
  void bytesThatAreNoChangeAreRefusedNamingTheChange() {
    byte[] good =
        EntryChangeCodec.encode(
            new EntriesChanged(
                7, 1, 2, List.of(), List.of(entry(1, ListKind.BLOCK, "192.0.2.1", 1, null))));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

    assertThatThrownBy(() -> EntryChangeCodec.decode(7, 1, 2, new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("change 2 of scope 7");
    assertThatThrownBy(() -> EntryChangeCodec.decode(7, 1, 2, truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ActiveEntry entry(long id, ListKind kind, String value, int code, String reason) {
    return new ActiveEntry(id, 7, kind, EntryValue.parse(value), code, reason);
  }

  @Test
  void aChangeTooLargeToListIsFormat3AFewBytesThatTellTheReaderToReadTheScopeAgain()
      throws IOException {
    byte[] bytes = EntryChangeCodec.unlisted();

    assertThat(bytes.length).isLessThan(16);
    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(bytes))) {
      assertThat(in.readAllBytes()).as("format 3, the version byte alone").containsExactly(3);
    }
    EntriesChanged read = EntryChangeCodec.decode(7, 1, 2, bytes);
    assertThat(read).isEqualTo(EntriesChanged.unlisted(7, 2));
    assertThat(read.previousSerial())
        .as("follows no serial: readers reload the scope, IXFR falls back to AXFR")
        .isEqualTo(EntriesChanged.UNKNOWN_SERIAL);
  }

  @Test
  void formatOneWithoutExpiriesIsStillRead() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeByte(1);
      out.writeInt(0); // nothing removed
      out.writeInt(1); // one entry added, written as format 1 did: no expiry
      out.writeLong(5);
      out.writeLong(7);
      out.writeByte(ListKind.BLOCK.ordinal());
      out.writeByte(EntryValue.parse("192.0.2.9").type().ordinal());
      out.writeUTF("192.0.2.9");
      out.writeInt(0x7f000002);
      out.writeBoolean(false);
    }

    EntriesChanged read = EntryChangeCodec.decode(7, 1, 2, bytes.toByteArray());

    assertThat(read.previousSerial()).isEqualTo(1);
    assertThat(read.added())
        .containsExactly(entry(5, ListKind.BLOCK, "192.0.2.9", 0x7f000002, null));
  }
}
