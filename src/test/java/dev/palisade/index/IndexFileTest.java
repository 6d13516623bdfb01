package dev.palisade.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.Networks;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index file's format: a saved index replays into tables that answer exactly as the original,
 * for every kind of value, and a damaged or foreign file is refused with a reason.
 */
class IndexFileTest {

  private static final long ACME = 1;
  private static final long MX1 = 2;
  private static final byte[] SOURCE = {1, 2, 3};
  private static final Instant HORIZON = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final List<ScopeInfo> SCOPES =
      List.of(new ScopeInfo(ACME, "acme", null, 10), new ScopeInfo(MX1, "acme-mx1", ACME, 11));

  @TempDir Path directory;

  private long nextId = 1;

  /** Every kind of value, block and allow on the same values, return codes and reasons. */
  private List<ActiveEntry> entries() {
    List<ActiveEntry> entries = new ArrayList<>();
    entries.add(entry(ACME, ListKind.BLOCK, "192.0.2.0/24", 0x7f000002, "spam from $"));
    entries.add(entry(ACME, ListKind.ALLOW, "192.0.2.7", 0x7f00000a, null));
    entries.add(entry(ACME, ListKind.BLOCK, "198.51.100.9", 0x7f000004, "listed: ünïcode $"));
    entries.add(entry(ACME, ListKind.ALLOW, "198.51.100.9", 0x7f000003, "allowed too"));
    entries.add(entry(ACME, ListKind.BLOCK, "10.0.0.0/8", 0x7f000002, "spam from $"));
    entries.add(entry(ACME, ListKind.BLOCK, "0.0.0.0/0", 0x7f000009, null));
    entries.add(entry(ACME, ListKind.BLOCK, "2001:db8::/32", 0x7f000002, "v6 $"));
    entries.add(entry(ACME, ListKind.ALLOW, "2001:db8:1::/48", 0x7f000002, null));
    entries.add(entry(ACME, ListKind.BLOCK, "2001:db8:1::5", 0x7f000006, "one v6"));
    entries.add(entry(ACME, ListKind.BLOCK, "example.com", 0x7f000002, "exact $"));
    entries.add(entry(ACME, ListKind.BLOCK, ".example.net", 0x7f000002, "self and below $"));
    entries.add(entry(ACME, ListKind.ALLOW, ".example.net", 0x7f000002, null));
    entries.add(entry(ACME, ListKind.BLOCK, "*.example.org", 0x7f000005, "below $"));
    entries.add(entry(ACME, ListKind.ALLOW, "good.example.org", 0x7f000002, null));
    entries.add(entry(MX1, ListKind.BLOCK, "192.0.2.7", 0x7f000002, "server says no"));
    entries.add(entry(MX1, ListKind.BLOCK, "mail.example.com", 0x7f000002, null));
    // Exclusions: alone, beside a block of the same value, below a pattern, of a server.
    entries.add(entry(ACME, ListKind.EXCLUDE, "10.1.2.3", 0, null));
    entries.add(entry(ACME, ListKind.EXCLUDE, "198.51.100.9", 0, null));
    entries.add(entry(ACME, ListKind.EXCLUDE, "2001:db8:1::6", 0, null));
    entries.add(entry(ACME, ListKind.EXCLUDE, "a.example.org", 0, null));
    entries.add(entry(MX1, ListKind.EXCLUDE, "192.0.2.8", 0, null));
    return entries;
  }

  @Test
  void aSavedIndexReplaysIntoTablesThatAnswerTheSame() throws Exception {
    LiveIndex original = load(entries());
    Path file = directory.resolve("palisade.index");

    long written = IndexFile.write(file, SOURCE, HORIZON, original.image(), stamps(original));

    IndexFile.Saved saved = IndexFile.read(file);
    assertThat(written).isEqualTo(entries().size());
    assertThat(saved.isFor(SOURCE)).isTrue();
    assertThat(saved.isFor(new byte[] {9})).isFalse();
    assertThat(saved.expiryHorizon()).isEqualTo(HORIZON);
    assertThat(saved.scopes())
        .extracting(IndexFile.SavedScope::id, s -> s.stamp().serial())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ACME, 10L),
            org.assertj.core.groups.Tuple.tuple(MX1, 11L));

    LiveIndex restored = new LiveIndex();
    LiveIndex.Loader loader = restored.loader(SCOPES, 1);
    long replayed = 0;
    for (IndexFile.SavedScope scope : saved.scopes()) {
      replayed += loader.restore(scope, scope.stamp().serial());
    }
    loader.publish();

    assertThat(replayed).isEqualTo(entries().size());
    assertThat(answers(restored)).isEqualTo(answers(original)).hasSize(entries().size());
    for (String label : List.of("acme", "acme-mx1")) {
      ZoneView before = original.snapshot().zone(label);
      ZoneView after = restored.snapshot().zone(label);
      for (String address :
          List.of("192.0.2.7", "192.0.2.8", "198.51.100.9", "10.1.2.3", "8.8.8.8", "0.0.0.0")) {
        int ip = ((Ip4Network) EntryValue.parse(address)).address();
        assertThat(after.ip4(ip)).as(label + " " + address).isEqualTo(before.ip4(ip));
      }
      for (String address : List.of("2001:db8:1::5", "2001:db8:1::6", "2001:db8:2::1", "::1")) {
        Ip6Network network = (Ip6Network) EntryValue.parse(address);
        assertThat(after.ip6(network.high(), network.low()))
            .as(label + " " + address)
            .isEqualTo(before.ip6(network.high(), network.low()));
      }
      for (String name :
          List.of(
              "example.com",
              "a.example.com",
              "example.net",
              "a.b.example.net",
              "example.org",
              "a.example.org",
              "good.example.org",
              "mail.example.com",
              "other.test")) {
        assertThat(after.domain(name)).as(label + " " + name).isEqualTo(before.domain(name));
        assertThat(after.hasDomainsBelow(name)).isEqualTo(before.hasDomainsBelow(name));
      }
    }
    assertThat(restored.snapshot().zone("acme").ip4(0xc0000207).kind()).isEqualTo(ListKind.ALLOW);

    // The restored tables take later changes like the original ones.
    for (LiveIndex index : List.of(original, restored)) {
      nextId = 1000;
      index.apply(
          new EntriesChanged(
              ACME,
              10,
              12,
              List.of(entry(ACME, ListKind.ALLOW, "192.0.2.7", 0x7f00000a, null)),
              List.of(
                  entry(ACME, ListKind.BLOCK, "192.0.2.77", 0x7f000002, "spam from $"),
                  entry(ACME, ListKind.BLOCK, "2001:db8:9::/48", 0x7f000007, "new reason"),
                  entry(ACME, ListKind.ALLOW, "*.example.org", 0x7f000002, null))));
    }
    assertThat(answers(restored)).isEqualTo(answers(original));
    assertThat(restored.snapshot().zone("acme").ip4(0xc0000207).kind()).isEqualTo(ListKind.BLOCK);
    assertThat(restored.snapshot().zone("acme-mx1").ip4(0xc0000207).kind())
        .isEqualTo(ListKind.BLOCK);
  }

  /**
   * A start without the database answers from the file alone: the scopes' labels, links, serials
   * and query ACLs come from it, and entries that expired since it was written are left out, those
   * still to expire leave at their time.
   */
  @Test
  void theFileAloneRebuildsTheScopesAndTheirExpiries() throws Exception {
    Instant written = Instant.parse("2030-01-01T00:00:00Z");
    List<ScopeInfo> scopes =
        List.of(
            new ScopeInfo(ACME, "acme", null, 10, Networks.parse("192.0.2.0/24, 2001:db8::/32")),
            new ScopeInfo(MX1, "acme-mx1", ACME, 11));
    LiveIndex original = new LiveIndex();
    LiveIndex.Loader loading = original.loader(scopes, 1);
    loading.add(entry(ACME, ListKind.BLOCK, "192.0.2.1", 0x7f000002, null));
    loading.add(expiring(ACME, "192.0.2.2", written.plusSeconds(10)));
    loading.add(expiring(MX1, "192.0.2.3", written.plusSeconds(20)));
    loading.publish(written);
    Path file = directory.resolve("palisade.index");
    IndexFile.write(file, SOURCE, HORIZON, original.image(), stamps(original));

    IndexFile.Saved saved = IndexFile.read(file);
    assertThat(saved.scopes()).extracting(IndexFile.SavedScope::info).isEqualTo(scopes);
    LiveIndex restored = new LiveIndex();
    LiveIndex.Loader loader = restored.loader(saved, 11);
    for (IndexFile.SavedScope scope : saved.scopes()) {
      loader.restore(scope, scope.stamp().serial());
    }
    loader.publish(written.plusSeconds(15));

    ZoneView acme = restored.snapshot().zone("acme");
    assertThat(acme.allowQuery()).isEqualTo(scopes.get(0).allowQuery());
    assertThat(acme.ip4(0xc0000201)).isNotNull();
    assertThat(acme.ip4(0xc0000202)).as("expired before the start").isNull();
    assertThat(restored.snapshot().zone("acme-mx1").ip4(0xc0000203)).isNotNull();
    assertThat(restored.nextExpiry()).isEqualTo(written.plusSeconds(20));
    restored.expire(written.plusSeconds(20));
    assertThat(restored.snapshot().zone("acme-mx1").ip4(0xc0000203)).isNull();
  }

  @Test
  void scopesWithoutAStampAreLeftOut() throws Exception {
    LiveIndex original = load(entries());
    Map<Long, IndexFile.Stamp> stamps = stamps(original);
    stamps.remove(MX1);
    Path file = directory.resolve("palisade.index");

    IndexFile.write(file, SOURCE, HORIZON, original.image(), stamps);

    assertThat(IndexFile.read(file).scopes())
        .extracting(IndexFile.SavedScope::id)
        .containsOnly(ACME);
  }

  @Test
  void aChangeMadeElsewhereLeavesTheScopeWithoutAKnownSerial() {
    LiveIndex index = load(entries());
    index.apply(
        new EntriesChanged(
            ACME, 10, 20, List.of(), List.of(entry(ACME, ListKind.BLOCK, "203.0.113.1", 2, null))));
    assertThat(serials(index)).containsEntry(ACME, 20L).containsEntry(MX1, 11L);

    // Serial 30 follows 25, not 20: another node changed the scope in between.
    index.apply(
        new EntriesChanged(
            ACME, 25, 30, List.of(), List.of(entry(ACME, ListKind.BLOCK, "203.0.113.2", 2, null))));
    assertThat(serials(index)).containsEntry(ACME, -1L);

    index.apply(
        new EntriesChanged(
            MX1, 31, List.of(), List.of(entry(MX1, ListKind.BLOCK, "203.0.113.3", 2, null))));
    assertThat(serials(index)).containsEntry(MX1, -1L);
  }

  @Test
  void aMissingTruncatedCorruptOrOtherFormatFileIsRefusedWithAReason() throws Exception {
    Path file = directory.resolve("palisade.index");
    assertThatThrownBy(() -> IndexFile.read(file))
        .isInstanceOf(IndexFile.UnusableException.class)
        .hasMessageContaining("there is none");

    LiveIndex original = load(entries());
    IndexFile.write(file, SOURCE, HORIZON, original.image(), stamps(original));
    byte[] good = Files.readAllBytes(file);

    Files.write(file, Arrays.copyOf(good, good.length / 2));
    assertThatThrownBy(() -> IndexFile.read(file)).hasMessageContaining("checksum");

    Files.write(file, Arrays.copyOf(good, 10));
    assertThatThrownBy(() -> IndexFile.read(file)).hasMessageContaining("truncated");

    byte[] corrupt = good.clone();
    corrupt[good.length / 2] ^= 0x40;
    Files.write(file, corrupt);
    assertThatThrownBy(() -> IndexFile.read(file)).hasMessageContaining("checksum");

    byte[] otherFormat = good.clone();
    ByteBuffer.wrap(otherFormat).putInt(8, IndexFile.FORMAT + 1);
    Files.write(file, otherFormat);
    assertThatThrownBy(() -> IndexFile.read(file)).hasMessageContaining("format");

    Files.writeString(file, "not an index file at all, but long enough");
    assertThatThrownBy(() -> IndexFile.read(file)).hasMessageContaining("not a Palisade index");
  }

  /** A file of the format before exclusions has the same layout and is read as it is. */
  @Test
  void aFileOfTheFormatBeforeExclusionsIsStillRead() throws Exception {
    List<ActiveEntry> withoutExclusions =
        entries().stream().filter(e -> e.kind() != ListKind.EXCLUDE).toList();
    LiveIndex original = load(withoutExclusions);
    Path file = directory.resolve("palisade.index");
    IndexFile.write(file, SOURCE, HORIZON, original.image(), stamps(original));
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertThat(buffer.getInt(8)).isEqualTo(4);
    buffer.putInt(8, 3);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    buffer.putInt(bytes.length - 4, (int) crc.getValue());
    Files.write(file, bytes);

    IndexFile.Saved saved = IndexFile.read(file);
    LiveIndex restored = new LiveIndex();
    LiveIndex.Loader loader = restored.loader(SCOPES, 1);
    for (IndexFile.SavedScope scope : saved.scopes()) {
      loader.restore(scope, scope.stamp().serial());
    }
    loader.publish();

    assertThat(answers(restored)).isEqualTo(answers(original)).hasSize(withoutExclusions.size());
  }

  @Test
  void writingReplacesTheFileAndLeavesNoTemporaryFileBehind() throws IOException {
    Path file = directory.resolve("sub/palisade.index");
    LiveIndex original = load(entries());
    IndexFile.write(file, SOURCE, HORIZON, original.image(), stamps(original));
    IndexFile.write(file, SOURCE, HORIZON, original.image(), Map.of());

    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    }
  }

  private LiveIndex load(List<ActiveEntry> entries) {
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(SCOPES, 1);
    entries.forEach(loader::add);
    loader.publish();
    return index;
  }

  private static Map<Long, IndexFile.Stamp> stamps(LiveIndex index) {
    Map<Long, IndexFile.Stamp> stamps = new HashMap<>();
    for (IndexImage.Scope scope : index.image().scopes()) {
      stamps.put(scope.id(), new IndexFile.Stamp(scope.entriesSerial(), 42, 4242));
    }
    return stamps;
  }

  private static Map<Long, Long> serials(LiveIndex index) {
    Map<Long, Long> serials = new HashMap<>();
    index.image().scopes().forEach(scope -> serials.put(scope.id(), scope.entriesSerial()));
    return serials;
  }

  /** Every answer of every scope, as text, in a stable order. */
  private static List<String> answers(LiveIndex index) {
    List<String> answers = new ArrayList<>();
    for (IndexImage.Scope scope : index.image().scopes()) {
      scope
          .tables()
          .forEachAnswer(
              new AnswerSink() {
                @Override
                public void ip4(int network, int length, ListKind kind, int code, String reason) {
                  answers.add(
                      scope.id() + " " + network + "/" + length + " " + kind + code + reason);
                }

                @Override
                public void ip6(
                    long high, long low, int length, ListKind kind, int code, String reason) {
                  answers.add(
                      scope.id()
                          + " "
                          + high
                          + ":"
                          + low
                          + "/"
                          + length
                          + " "
                          + kind
                          + code
                          + reason);
                }

                @Override
                public void domain(
                    String name,
                    EntryValue.DomainMatch match,
                    ListKind kind,
                    int code,
                    String reason) {
                  answers.add(scope.id() + " " + match + name + " " + kind + code + reason);
                }
              });
    }
    answers.sort(null);
    return answers;
  }

  private ActiveEntry entry(long scope, ListKind kind, String value, int code, String reason) {
    return new ActiveEntry(nextId++, scope, kind, EntryValue.parse(value), code, reason);
  }

  private ActiveEntry expiring(long scope, String value, Instant at) {
    return new ActiveEntry(
        nextId++, scope, ListKind.BLOCK, EntryValue.parse(value), 0x7f000002, null, at);
  }
}
