package dev.palisade.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveIndexTest {

  private static final long ACME = 1;
  private static final long MX1 = 2;
  private static final int BLOCK_CODE = 0x7f000002;
  private static final int ALLOW_CODE = 0x7f00000a;

  private final LiveIndex index = new LiveIndex();
  private long serial = 100;
  private long nextId = 1;

  @BeforeEach
  void createScopes() {
    index.apply(
        new ScopesChanged(
            List.of(new ScopeInfo(ACME, "acme", null, 5), new ScopeInfo(MX1, "acme-mx1", ACME, 3)),
            7));
  }

  /**
   * Entries: {@code ab:} account block, {@code aa:} account allow, {@code sb:} server block, {@code
   * sa:} server allow. Expected: kind, matched value and who owns it, or "none".
   */
  @ParameterizedTest(name = "[{0}] {1} in {2} -> {3}")
  @CsvSource({
    // longest prefix
    "ab:10.0.0.0/8 aa:10.1.0.0/16, 10.1.2.3, acme, ALLOW 10.1.0.0/16 account",
    "ab:10.0.0.0/8 aa:10.1.0.0/16, 10.2.0.0, acme, BLOCK 10.0.0.0/8 account",
    "ab:10.0.0.0/8 aa:10.1.0.0/16, 11.0.0.1, acme, none",
    // server over account on a tie, either way round
    "ab:192.0.2.0/24 sa:192.0.2.0/24, 192.0.2.1, acme-mx1, ALLOW 192.0.2.0/24 server",
    "aa:192.0.2.0/24 sb:192.0.2.0/24, 192.0.2.1, acme-mx1, BLOCK 192.0.2.0/24 server",
    // a longer account entry beats a shorter server entry
    "sb:10.0.0.0/8 aa:10.0.0.1, 10.0.0.1, acme-mx1, ALLOW 10.0.0.1 account",
    "sb:10.0.0.0/8 aa:10.0.0.1, 10.0.0.2, acme-mx1, BLOCK 10.0.0.0/8 server",
    // allow over block on a tie within one scope
    "ab:192.0.2.0/24 aa:192.0.2.0/24, 192.0.2.9, acme, ALLOW 192.0.2.0/24 account",
    "sb:192.0.2.0/24 sa:192.0.2.0/24, 192.0.2.9, acme-mx1, ALLOW 192.0.2.0/24 server",
    // an allow entry punches a hole in a blocked range
    "ab:192.0.2.0/24 aa:192.0.2.7, 192.0.2.7, acme, ALLOW 192.0.2.7 account",
    "ab:192.0.2.0/24 aa:192.0.2.7, 192.0.2.8, acme, BLOCK 192.0.2.0/24 account",
    // a server blocks one address inside a range its account allows
    "aa:198.51.100.0/24 sb:198.51.100.9, 198.51.100.9, acme-mx1, BLOCK 198.51.100.9 server",
    "aa:198.51.100.0/24 sb:198.51.100.9, 198.51.100.9, acme, ALLOW 198.51.100.0/24 account",
    "aa:198.51.100.0/24 sb:198.51.100.9, 198.51.100.10, acme-mx1, ALLOW 198.51.100.0/24 account",
    // server entries are invisible to the account's own zones
    "sb:203.0.113.0/24, 203.0.113.1, acme, none",
    "sb:203.0.113.0/24, 203.0.113.1, acme-mx1, BLOCK 203.0.113.0/24 server",
    // IPv6
    "ab:2001:db8::/32 aa:2001:db8:1::/48, 2001:db8:1::5, acme, ALLOW 2001:db8:1::/48 account",
    "ab:2001:db8::/32 aa:2001:db8:1::/48, 2001:db8:2::1, acme-mx1, BLOCK 2001:db8::/32 account",
    "aa:2001:db8::/32 sb:2001:db8::/32, 2001:db8::1, acme-mx1, BLOCK 2001:db8::/32 server",
    // domains: name, .name and *.name
    "ab:example.com, example.com, acme, BLOCK example.com account",
    "ab:example.com, a.example.com, acme, none",
    "ab:.example.com, example.com, acme, BLOCK .example.com account",
    "ab:.example.com, a.b.example.com, acme, BLOCK .example.com account",
    "ab:*.example.com, example.com, acme, none",
    "ab:*.example.com, a.example.com, acme, BLOCK *.example.com account",
    "ab:.example.com aa:example.com, example.com, acme, ALLOW example.com account",
    "ab:.example.com aa:example.com, a.example.com, acme, BLOCK .example.com account",
    "ab:.example.com aa:*.example.com, a.example.com, acme, ALLOW *.example.com account",
    "ab:.example.com aa:*.example.com, example.com, acme, BLOCK .example.com account",
    "ab:.example.com aa:.a.example.com, b.a.example.com, acme, ALLOW .a.example.com account",
    "ab:.example.com aa:.a.example.com, c.example.com, acme, BLOCK .example.com account",
    // domains across scopes: exact beats .name even from the account; ties go to the server
    "sa:.example.com ab:example.com, example.com, acme-mx1, BLOCK example.com account",
    "ab:.example.com sa:*.example.com, x.example.com, acme-mx1, ALLOW *.example.com server",
    "aa:.example.com sb:.a.example.com, b.a.example.com, acme-mx1, BLOCK .a.example.com server",
    "sb:.example.com aa:.a.example.com, b.a.example.com, acme-mx1, ALLOW .a.example.com account",
  })
  void appliesTheDecisionRule(String entries, String query, String zone, String expected) {
    List<ActiveEntry> account = new ArrayList<>();
    List<ActiveEntry> server = new ArrayList<>();
    for (String token : entries.split(" ")) {
      String who = token.substring(0, 1);
      ListKind kind = token.charAt(1) == 'a' ? ListKind.ALLOW : ListKind.BLOCK;
      String value = token.substring(3);
      (who.equals("a") ? account : server).add(entry(who.equals("a") ? ACME : MX1, kind, value));
    }
    add(ACME, account);
    add(MX1, server);

    assertThat(describe(query(zone, query))).isEqualTo(expected);
  }

  @Test
  void verdictCarriesReturnCodeAndReasonOfTheWinner() {
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "192.0.2.0/24", 0x7f000004, "spam from $")));

    Verdict verdict = query("acme-mx1", "192.0.2.1");

    assertThat(verdict)
        .isEqualTo(
            new Verdict(
                ListKind.BLOCK,
                0x7f000004,
                "spam from $",
                EntryValue.parse("192.0.2.0/24"),
                false));
  }

  @Test
  void replacesAnEntryWithTheSameScopeKindAndValue() {
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "192.0.2.1", 0x7f000002, "old")));
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "192.0.2.1", 0x7f000003, "new")));

    Verdict verdict = query("acme", "192.0.2.1");

    assertThat(verdict.returnCode()).isEqualTo(0x7f000003);
    assertThat(verdict.reason()).isEqualTo("new");
  }

  @Test
  void appliesRemovalsBeforeAdditionsOfOneChange() {
    ActiveEntry old = entry(ACME, ListKind.BLOCK, "192.0.2.1", 0x7f000002, "old");
    add(ACME, List.of(old));
    ActiveEntry updated = entry(ACME, ListKind.BLOCK, "192.0.2.1", 0x7f000005, "updated");

    index.apply(new EntriesChanged(ACME, ++serial, List.of(old), List.of(updated)));

    assertThat(query("acme", "192.0.2.1").returnCode()).isEqualTo(0x7f000005);
  }

  @Test
  void removingTheAllowOfAValueListedAsBothShowsTheBlock() {
    ActiveEntry block = entry(ACME, ListKind.BLOCK, "example.com");
    ActiveEntry allow = entry(ACME, ListKind.ALLOW, "example.com");
    add(ACME, List.of(block, allow));
    assertThat(describe(query("acme", "example.com"))).isEqualTo("ALLOW example.com account");

    remove(ACME, List.of(allow));

    assertThat(describe(query("acme", "example.com"))).isEqualTo("BLOCK example.com account");

    remove(ACME, List.of(block));

    assertThat(query("acme", "example.com")).isNull();
  }

  @Test
  void removingAnEntryThatIsNotThereChangesNothing() {
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "192.0.2.0/24")));

    remove(ACME, List.of(entry(ACME, ListKind.ALLOW, "192.0.2.0/24")));
    remove(ACME, List.of(entry(ACME, ListKind.BLOCK, "2001:db8::/32")));
    remove(ACME, List.of(entry(ACME, ListKind.BLOCK, ".nothing.example")));

    assertThat(describe(query("acme", "192.0.2.1"))).isEqualTo("BLOCK 192.0.2.0/24 account");
  }

  @Test
  void ignoresChangesForUnknownScopes() {
    IndexSnapshot before = index.snapshot();

    index.apply(
        new EntriesChanged(99, 500, List.of(), List.of(entry(99, ListKind.BLOCK, "192.0.2.1"))));

    assertThat(index.snapshot()).isSameAs(before);
  }

  @Test
  void serverViewSerialIsTheHigherOfItsOwnAndItsAccounts() {
    assertThat(index.snapshot().zone("acme").serial()).isEqualTo(5);
    assertThat(index.snapshot().zone("acme-mx1").serial()).isEqualTo(5);

    index.apply(
        new EntriesChanged(MX1, 40, List.of(), List.of(entry(MX1, ListKind.BLOCK, "192.0.2.1"))));
    assertThat(index.snapshot().zone("acme").serial()).isEqualTo(5);
    assertThat(index.snapshot().zone("acme-mx1").serial()).isEqualTo(40);

    index.apply(
        new EntriesChanged(ACME, 41, List.of(), List.of(entry(ACME, ListKind.BLOCK, "192.0.2.2"))));
    assertThat(index.snapshot().zone("acme").serial()).isEqualTo(41);
    assertThat(index.snapshot().zone("acme-mx1").serial()).isEqualTo(41);
  }

  @Test
  void accountChangesReachItsServersViews() {
    IndexSnapshot before = index.snapshot();

    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "192.0.2.0/24")));

    assertThat(describe(query("acme-mx1", "192.0.2.1"))).isEqualTo("BLOCK 192.0.2.0/24 account");
    assertThat(before.zone("acme-mx1").ip4(ip("192.0.2.1"))).isNull();
  }

  @Test
  void aFormerLabelAnswersLikeTheLabelUntilItIsAnnouncedGone() {
    index.apply(
        new ScopesChanged(
            List.of(
                new ScopeInfo(ACME, "acme", null, 5),
                new ScopeInfo(MX1, "acme-edge", ACME, 8, null, List.of("acme-mx1"))),
            9));
    add(MX1, List.of(entry(MX1, ListKind.BLOCK, "192.0.2.7")));
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "198.51.100.0/24")));

    assertThat(describe(query("acme-mx1", "192.0.2.7"))).isEqualTo("BLOCK 192.0.2.7 server");
    assertThat(describe(query("acme-mx1", "198.51.100.1")))
        .isEqualTo("BLOCK 198.51.100.0/24 account");
    assertThat(describe(query("acme-edge", "192.0.2.7"))).isEqualTo("BLOCK 192.0.2.7 server");
    assertThat(index.snapshot().zone("acme-mx1").label()).isEqualTo("acme-mx1");
    assertThat(index.scopes().get(1).formerLabels()).containsExactly("acme-mx1");

    index.apply(
        new ScopesChanged(
            List.of(new ScopeInfo(ACME, "acme", null, 5), new ScopeInfo(MX1, "acme-edge", ACME, 8)),
            10));

    assertThat(index.snapshot().zone("acme-mx1")).isNull();
    assertThat(describe(query("acme-edge", "192.0.2.7"))).isEqualTo("BLOCK 192.0.2.7 server");
  }

  /**
   * Two transactions each create a server: the second commits and is applied first, then the first,
   * whose own list lacks the second's server. Applied as the database holds the scopes, the second
   * server keeps its zone. It starts empty at the serial its change saw; the first server, first
   * seen in the second's read, has entries of no known serial, which the next catch-up reads.
   */
  @Test
  void aCommittedScopeChangeAppliedLateDoesNotDropAScopeCreatedSince() {
    ScopeInfo acme = new ScopeInfo(ACME, "acme", null, 5);
    ScopeInfo mx1 = new ScopeInfo(MX1, "acme-mx1", ACME, 3);
    ScopeInfo mx2 = new ScopeInfo(3, "acme-mx2", ACME, 20);
    ScopeInfo mx3 = new ScopeInfo(4, "acme-mx3", ACME, 21);
    List<ScopeInfo> stored = List.of(acme, mx1, mx2, mx3);

    index.apply(new ScopesChanged(List.of(acme, mx1, mx3), 21, Set.of(4L)), () -> stored);
    index.apply(new ScopesChanged(List.of(acme, mx1, mx2), 20, Set.of(3L)), () -> stored);

    assertThat(index.snapshot().zone("acme-mx3")).isNotNull();
    assertThat(index.snapshot().zone("acme-mx2")).isNotNull();
    assertThat(index.entriesSerials()).containsEntry(4L, 21L).containsEntry(3L, -1L);
  }

  /**
   * What follows the index's zones (the statistics) is told every set of scopes the index takes,
   * another node's included, in the order taken, and not a set read before one taken already.
   */
  @Test
  void theScopesFollowerIsToldEverySetTakenAndNoneItPassedOver() {
    ScopeInfo acme = new ScopeInfo(ACME, "acme", null, 5);
    ScopeInfo mx1 = new ScopeInfo(MX1, "acme-mx1", ACME, 3);
    ScopeInfo mx2 = new ScopeInfo(3, "acme-mx2", ACME, 20);
    ScopeInfo mx3 = new ScopeInfo(4, "acme-mx3", ACME, 21);
    List<List<String>> told = new ArrayList<>();
    index.onScopes(scopes -> told.add(scopes.stream().map(ScopeInfo::label).toList()));

    // A round of the change feed: another node created mx2.
    index.follow(() -> List.of(acme, mx1, mx2), () -> 20);
    // This node's change reads the scopes; while it reads, a round reads and applies a newer set.
    index.apply(
        new ScopesChanged(List.of(acme, mx1, mx2), 20),
        () -> {
          index.follow(() -> List.of(acme, mx1, mx2, mx3), () -> 21);
          return List.of(acme, mx1, mx2);
        });

    assertThat(told)
        .containsExactly(
            List.of("acme", "acme-mx1", "acme-mx2"),
            List.of("acme", "acme-mx1", "acme-mx2", "acme-mx3"));
  }

  /** A set read from the database that fails leaves the index as it was. */
  @Test
  void aScopeReadThatFailsChangesNothing() {
    IndexSnapshot before = index.snapshot();

    assertThatThrownBy(
            () ->
                index.apply(
                    new ScopesChanged(List.of(new ScopeInfo(ACME, "acme", null, 5)), 9),
                    () -> {
                      throw new IllegalStateException("cannot read the scopes");
                    }))
        .hasMessage("cannot read the scopes");

    assertThat(index.snapshot()).isSameAs(before);
    assertThat(index.snapshot().zone("acme-mx1")).isNotNull();
  }

  @Test
  void baseSerialIsTheHighestAnnounced() {
    assertThat(index.snapshot().baseSerial()).isEqualTo(7);

    index.apply(new ScopesChanged(List.of(new ScopeInfo(ACME, "acme", null, 5)), 6));
    assertThat(index.snapshot().baseSerial()).isEqualTo(7);

    index.apply(new ScopesChanged(List.of(new ScopeInfo(ACME, "acme", null, 5)), 9));
    assertThat(index.snapshot().baseSerial()).isEqualTo(9);
  }

  @Test
  void renamedScopeKeepsItsEntriesUnderItsNewLabel() {
    add(MX1, List.of(entry(MX1, ListKind.BLOCK, "192.0.2.1")));

    index.apply(
        new ScopesChanged(
            List.of(
                new ScopeInfo(ACME, "acme", null, 5), new ScopeInfo(MX1, "k3y5ecret", ACME, 200)),
            8));

    assertThat(index.snapshot().zone("acme-mx1")).isNull();
    ZoneView renamed = index.snapshot().zone("k3y5ecret");
    assertThat(renamed.label()).isEqualTo("k3y5ecret");
    assertThat(renamed.serial()).isEqualTo(200);
    assertThat(describe(renamed.ip4(ip("192.0.2.1")))).isEqualTo("BLOCK 192.0.2.1 server");
  }

  @Test
  void deletedScopeDropsOutWithItsEntriesAndComesBackEmpty() {
    add(MX1, List.of(entry(MX1, ListKind.BLOCK, "192.0.2.1")));
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "198.51.100.1")));

    index.apply(new ScopesChanged(List.of(new ScopeInfo(ACME, "acme", null, 5)), 8));

    assertThat(index.snapshot().zone("acme-mx1")).isNull();
    assertThat(query("acme", "198.51.100.1")).isNotNull();

    index.apply(
        new ScopesChanged(
            List.of(new ScopeInfo(ACME, "acme", null, 5), new ScopeInfo(MX1, "acme-mx1", ACME, 9)),
            9));

    assertThat(query("acme-mx1", "192.0.2.1")).isNull();
    assertThat(query("acme-mx1", "198.51.100.1")).isNotNull();
  }

  @Test
  void newScopeStartsEmpty() {
    index.apply(
        new ScopesChanged(
            List.of(
                new ScopeInfo(ACME, "acme", null, 5),
                new ScopeInfo(MX1, "acme-mx1", ACME, 3),
                new ScopeInfo(3, "globex", null, 1)),
            8));

    ZoneView globex = index.snapshot().zone("globex");

    assertThat(globex.serial()).isEqualTo(1);
    assertThat(globex.ip4(ip("192.0.2.1"))).isNull();
    assertThat(globex.domain("example.com")).isNull();
    assertThat(globex.hasDomainsBelow("com")).isFalse();
  }

  @Test
  void snapshotTakenBeforeAChangeStaysUnchanged() {
    ActiveEntry block = entry(ACME, ListKind.BLOCK, "192.0.2.0/24");
    add(ACME, List.of(block, entry(ACME, ListKind.BLOCK, ".example.com")));
    IndexSnapshot before = index.snapshot();
    long serialBefore = before.zone("acme").serial();

    remove(ACME, List.of(block));
    add(ACME, List.of(entry(ACME, ListKind.ALLOW, "192.0.2.7")));
    add(MX1, List.of(entry(MX1, ListKind.ALLOW, "x.example.com")));
    index.apply(new ScopesChanged(List.of(), 50));

    ZoneView account = before.zone("acme");
    assertThat(describe(account.ip4(ip("192.0.2.7")))).isEqualTo("BLOCK 192.0.2.0/24 account");
    assertThat(account.serial()).isEqualTo(serialBefore);
    assertThat(describe(before.zone("acme-mx1").domain("x.example.com")))
        .isEqualTo("BLOCK .example.com account");
    assertThat(before.baseSerial()).isEqualTo(7);
    assertThat(index.snapshot().zone("acme")).isNull();
  }

  @Test
  void serverViewAnswersEmptyNonTerminalsOfBothScopes() {
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "a.b.example.com")));
    add(MX1, List.of(entry(MX1, ListKind.ALLOW, "*.wild.org")));

    ZoneView server = index.snapshot().zone("acme-mx1");
    ZoneView account = index.snapshot().zone("acme");

    assertThat(server.hasDomainsBelow("b.example.com")).isTrue();
    assertThat(server.hasDomainsBelow("wild.org")).isTrue();
    assertThat(account.hasDomainsBelow("wild.org")).isFalse();
    assertThat(server.hasDomainsBelow("a.b.example.com")).isFalse();
  }

  @Test
  void batchOfAHundredThousandEntriesBecomesVisibleAtOnce() {
    List<ActiveEntry> batch = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      batch.add(
          new ActiveEntry(
              nextId++,
              ACME,
              ListKind.BLOCK,
              new Ip4Network(0x0a000000 + i, 32),
              BLOCK_CODE,
              null));
    }
    IndexSnapshot before = index.snapshot();

    add(ACME, batch);

    ZoneView after = index.snapshot().zone("acme-mx1");
    for (int i = 0; i < 100_000; i++) {
      assertThat(after.ip4(0x0a000000 + i)).isNotNull();
    }
    assertThat(after.ip4(0x0a000000 + 100_000)).isNull();
    assertThat(before.zone("acme").ip4(0x0a000000)).isNull();
  }

  @Test
  void loaderReplacesEverythingWhenItPublishes() {
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, "192.0.2.1")));
    LiveIndex.Loader loader =
        index.loader(
            List.of(new ScopeInfo(10, "initech", null, 3), new ScopeInfo(11, "initech-mx", 10L, 4)),
            12);
    loader.add(entry(10, ListKind.BLOCK, "198.51.100.0/24"));
    loader.add(entry(11, ListKind.ALLOW, "198.51.100.5"));
    loader.add(entry(11, ListKind.BLOCK, ".example.com"));
    assertThat(index.snapshot().zone("initech")).isNull();

    loader.publish();

    IndexSnapshot snapshot = index.snapshot();
    assertThat(snapshot.zone("acme")).isNull();
    assertThat(snapshot.baseSerial()).isEqualTo(12);
    assertThat(snapshot.zone("initech-mx").serial()).isEqualTo(4);
    assertThat(describe(snapshot.zone("initech-mx").ip4(ip("198.51.100.5"))))
        .isEqualTo("ALLOW 198.51.100.5 server");
    assertThat(describe(snapshot.zone("initech").ip4(ip("198.51.100.5"))))
        .isEqualTo("BLOCK 198.51.100.0/24 account");
    assertThat(describe(snapshot.zone("initech-mx").domain("a.example.com")))
        .isEqualTo("BLOCK .example.com server");
  }

  @Test
  void loadedIndexKeepsApplyingChanges() {
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(10, "initech", null, 3)), 1);
    loader.add(entry(10, ListKind.BLOCK, "198.51.100.0/24"));
    loader.publish();

    index.apply(
        new EntriesChanged(10, 20, List.of(), List.of(entry(10, ListKind.ALLOW, "198.51.100.5"))));

    assertThat(describe(query("initech", "198.51.100.5"))).isEqualTo("ALLOW 198.51.100.5 account");
    assertThat(index.snapshot().zone("initech").serial()).isEqualTo(20);
  }

  /**
   * The memory the benchmark's target allows (at most 20 bytes per IPv4 entry) as a property of the
   * tables' arrays, which are sized deterministically: single addresses with a few shared answers,
   * as block lists mostly hold.
   */
  @Test
  void footprintCountsEachKindAndIp4EntriesTakeAtMostTwentyBytes() {
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(10, "initech", null, 3)), 1);
    Random random = new Random(7);
    Set<Integer> addresses = new HashSet<>();
    while (addresses.size() < 200_000) {
      addresses.add(random.nextInt());
    }
    for (int address : addresses) {
      loader.add(
          new ActiveEntry(
              nextId++,
              10,
              ListKind.BLOCK,
              new Ip4Network(address, 32),
              BLOCK_CODE + (address & 3),
              "spam source"));
    }
    loader.add(entry(10, ListKind.BLOCK, "2001:db8::/32"));
    loader.add(entry(10, ListKind.ALLOW, "2001:db8:1::/48"));
    loader.add(entry(10, ListKind.BLOCK, ".example.com"));
    loader.publish();

    IndexFootprint footprint = index.footprint();

    assertThat(footprint.ip4Networks()).isEqualTo(200_000);
    assertThat(footprint.ip6Networks()).isEqualTo(2);
    assertThat(footprint.domainPatterns()).isEqualTo(1);
    assertThat((double) footprint.ip4Bytes() / footprint.ip4Networks())
        .as("bytes per IPv4 entry: %s", footprint)
        .isBetween(8.0, 20.0);
    assertThat(footprint.toString()).startsWith("IPv4 200000 in ").contains("IPv6 2 in ");
  }

  @Test
  void loaderRefusesEntriesOfScopesItDoesNotLoadAndASecondPublish() {
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(10, "initech", null, 3)), 1);

    assertThatThrownBy(() -> loader.add(entry(11, ListKind.BLOCK, "192.0.2.1")))
        .isInstanceOf(IllegalArgumentException.class);
    loader.publish();
    assertThatThrownBy(loader::publish).isInstanceOf(IllegalStateException.class);
  }

  /** Each node's own timer, not the database, takes an entry out of DNS at its expiry. */
  @Test
  void anEntryLeavesTheIndexAtItsExpiryByItself() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    ActiveEntry expiring = expiring(ACME, "192.0.2.1", at);
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(ACME, "acme", null, 5)), 5);
    loader.add(expiring);
    loader.add(entry(ACME, ListKind.BLOCK, "192.0.2.2"));
    loader.publish();
    long held = index.entriesSerials().get(ACME);

    assertThat(index.nextExpiry()).isEqualTo(at);
    assertThat(index.expire(at.minusMillis(1))).isZero();
    assertThat(describe(query("acme", "192.0.2.1"))).isEqualTo("BLOCK 192.0.2.1 account");

    assertThat(index.expire(at)).isEqualTo(1);
    assertThat(query("acme", "192.0.2.1")).isNull();
    assertThat(describe(query("acme", "192.0.2.2"))).isEqualTo("BLOCK 192.0.2.2 account");
    assertThat(index.nextExpiry()).isNull();
    // The database's later record of the expiry follows on and changes nothing more.
    assertThat(index.entriesSerials().get(ACME)).isEqualTo(held);
    assertThat(
            index.applyIfFollows(
                new EntriesChanged(ACME, held, held + 1, List.of(expiring), List.of())))
        .isTrue();
    assertThat(index.entriesSerials().get(ACME)).isEqualTo(held + 1);
    assertThat(query("acme", "192.0.2.1")).isNull();
  }

  @Test
  void anEntryUpdatedBeforeItsExpiryKeepsOnlyItsNewExpiry() {
    Instant first = Instant.parse("2030-01-01T00:00:00Z");
    Instant later = first.plusSeconds(60);
    ActiveEntry entry = expiring(ACME, "192.0.2.1", first);
    add(ACME, List.of(entry));
    ActiveEntry renewed =
        new ActiveEntry(entry.id(), ACME, ListKind.BLOCK, entry.value(), BLOCK_CODE, null, later);
    index.apply(new EntriesChanged(ACME, ++serial, List.of(entry), List.of(renewed)));

    assertThat(index.expire(first)).isZero();
    assertThat(describe(query("acme", "192.0.2.1"))).isEqualTo("BLOCK 192.0.2.1 account");
    assertThat(index.expire(later)).isEqualTo(1);
    assertThat(query("acme", "192.0.2.1")).isNull();
  }

  @Test
  void aLoaderLeavesOutWhatExpiredByTheMomentItPublishes() {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(10, "initech", null, 3)), 1);
    loader.add(expiring(10, "192.0.2.1", now.minusSeconds(1)));
    loader.add(expiring(10, "192.0.2.2", now.plusSeconds(1)));

    loader.publish(now);

    assertThat(query("initech", "192.0.2.1")).isNull();
    assertThat(describe(query("initech", "192.0.2.2"))).isEqualTo("BLOCK 192.0.2.2 account");
    assertThat(index.nextExpiry()).isEqualTo(now.plusSeconds(1));
  }

  @Test
  void emptyIndexAnswersNoZones() {
    LiveIndex empty = new LiveIndex();

    assertThat(empty.snapshot().zone("acme")).isNull();
    assertThat(empty.snapshot().zone(null)).isNull();
    assertThat(empty.snapshot().baseSerial()).isZero();
  }

  @Test
  void nullDomainNameAnswersNothing() {
    add(ACME, List.of(entry(ACME, ListKind.BLOCK, ".example.com")));

    ZoneView view = index.snapshot().zone("acme-mx1");

    assertThat(view.domain(null)).isNull();
    assertThat(view.hasDomainsBelow(null)).isFalse();
  }

  @Test
  void readersSeeWholeBatchesWhileAWriterApplies() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get() && torn.get() == null) {
                ZoneView view = index.snapshot().zone("acme-mx1");
                for (int i = 0; i < 200; i++) {
                  int first = 0x0a000000 + 2 * i;
                  if ((view.ip4(first) == null) != (view.ip4(first + 1) == null)) {
                    torn.set("batch " + i + " half visible");
                  }
                }
              }
            });
    reader.start();
    List<ActiveEntry> previous = List.of();
    for (int i = 0; i < 200; i++) {
      int first = 0x0a000000 + 2 * i;
      List<ActiveEntry> pair =
          List.of(
              new ActiveEntry(
                  nextId++, ACME, ListKind.BLOCK, new Ip4Network(first, 32), BLOCK_CODE, null),
              new ActiveEntry(
                  nextId++, ACME, ListKind.BLOCK, new Ip4Network(first + 1, 32), BLOCK_CODE, null));
      index.apply(new EntriesChanged(ACME, ++serial, previous, pair));
      previous = pair;
    }
    done.set(true);
    reader.join();

    assertThat(torn.get()).isNull();
  }

  private void add(long scope, List<ActiveEntry> entries) {
    index.apply(new EntriesChanged(scope, ++serial, List.of(), entries));
  }

  private void remove(long scope, List<ActiveEntry> entries) {
    index.apply(new EntriesChanged(scope, ++serial, entries, List.of()));
  }

  private ActiveEntry entry(long scope, ListKind kind, String value) {
    return entry(scope, kind, value, kind == ListKind.BLOCK ? BLOCK_CODE : ALLOW_CODE, null);
  }

  private ActiveEntry entry(long scope, ListKind kind, String value, int code, String reason) {
    return new ActiveEntry(nextId++, scope, kind, EntryValue.parse(value), code, reason);
  }

  private ActiveEntry expiring(long scope, String value, Instant at) {
    return new ActiveEntry(
        nextId++, scope, ListKind.BLOCK, EntryValue.parse(value), BLOCK_CODE, null, at);
  }

  private Verdict query(String zone, String query) {
    ZoneView view = index.snapshot().zone(zone);
    assertThat(view).as("zone %s", zone).isNotNull();
    EntryValue value = EntryValue.parse(query);
    if (value instanceof Ip4Network n) {
      return view.ip4(n.address());
    }
    if (value instanceof Ip6Network n) {
      return view.ip6(n.high(), n.low());
    }
    return view.domain(query);
  }

  private static String describe(Verdict verdict) {
    if (verdict == null) {
      return "none";
    }
    int expectedCode = verdict.kind() == ListKind.BLOCK ? BLOCK_CODE : ALLOW_CODE;
    assertThat(verdict.returnCode()).isEqualTo(expectedCode);
    return verdict.kind()
        + " "
        + verdict.matched().canonical()
        + " "
        + (verdict.serverEntry() ? "server" : "account");
  }

  private static int ip(String address) {
    return ((Ip4Network) EntryValue.parse(address)).address();
  }
}
