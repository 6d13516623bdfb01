package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Paging a scope's entries by keyset in every order: walking forward with Next and back with
 * Previous yields exactly the order the sort promises — ties broken by id (by value: by list),
 * entries without an expiry last — and value searches find what an admin expects.
 */
@SpringBootTest
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntryTableIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final int PAGE = 3;

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired EntryTable table;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  private long scope;
  private List<Entry> stored;

  @BeforeAll
  void storeEntriesWithTiesAndMissingExpiries() {
    long accountId =
        accounts.createAccount("keyset" + System.nanoTime() % 100000, null, ACTOR).getId();
    scope = accounts.accountScope(accountId).id();
    Instant soon = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Instant later = soon.plus(1, ChronoUnit.DAYS);
    String[] values = {
      "198.51.100.7",
      "10.0.0.0/8",
      "example.com",
      ".example.com",
      "10.1.2.3",
      "2001:db8::1",
      "10.1.2.30",
      "*.example.org",
      "198.51.100.0/24",
      "mail.example.com",
      "10.1.0.0/16"
    };
    for (int i = 0; i < values.length; i++) {
      // Expiry: none, soon, later in turn — ties on the sorted column across page boundaries.
      Instant expiry = i % 3 == 0 ? null : (i % 3 == 1 ? soon : later);
      listings.create(
          scope,
          new EntryDraft(
              i % 4 == 0 ? ListKind.ALLOW : ListKind.BLOCK,
              EntryValue.parse(values[i]),
              null,
              i % 2 == 0 ? "Trap hit " + i : null,
              expiry),
          EntrySource.API,
          ACTOR);
    }
    // One value on both lists: tied by value, ordered by list.
    listings.create(
        scope,
        new EntryDraft(ListKind.ALLOW, EntryValue.parse("10.1.2.30"), null, null, null),
        EntrySource.API,
        ACTOR);
    // Hits as the statistics store them, with ties and a counter at zero (never hit, still): the
    // orders by hits read the entries with hits and those without in ranges of their own.
    List<Long> ids =
        jdbc.queryForList("select id from entry where scope_id = ? order by id", Long.class, scope);
    Timestamp at = Timestamp.from(Instant.now());
    int[][] hits = {{1, 3}, {2, 3}, {4, 0}, {6, 1}, {9, 7}, {11, 3}};
    for (int[] hit : hits) {
      jdbc.update("insert into entry_hit values (?, ?, ?)", ids.get(hit[0]), hit[1], at);
    }
    stored =
        listings.find(scope, EntryFilter.none(), 0, 100).getContent().stream()
            .sorted(Comparator.comparing(Entry::getId))
            .toList();
  }

  @ParameterizedTest
  @EnumSource(EntrySort.class)
  void walksEveryOrderForwardAndBackByKeyset(EntrySort sort) {
    List<Long> expected = expectedOrder(sort);
    EntryFilter all = EntryFilter.none();

    List<EntryRows> pages = new ArrayList<>();
    EntryRows rows = table.page(scope, all, sort, 0, PAGE, null, null);
    pages.add(rows);
    while (rows.hasNext()) {
      rows = table.page(scope, all, sort, rows.page() + 1, PAGE, rows.lastId(), null);
      pages.add(rows);
    }
    List<Long> forward = new ArrayList<>();
    pages.forEach(page -> forward.addAll(idsOf(page)));
    assertThat(forward).isEqualTo(expected);
    assertThat(pages.get(0).hasPrevious()).isFalse();
    assertThat(pages.get(0).total()).isEqualTo(expected.size());

    List<Long> backward = new ArrayList<>(idsOf(rows));
    while (rows.hasPrevious()) {
      rows = table.page(scope, all, sort, rows.page() - 1, PAGE, null, rows.firstId());
      backward.addAll(0, idsOf(rows));
    }
    assertThat(backward).isEqualTo(expected);
    assertThat(rows.page()).isZero();
  }

  @ParameterizedTest
  @EnumSource(EntrySort.class)
  void skipsToAPageByNumberInEveryOrder(EntrySort sort) {
    List<Long> expected = expectedOrder(sort);
    for (int page = 0; page * PAGE < expected.size(); page++) {
      EntryRows rows = table.page(scope, EntryFilter.none(), sort, page, PAGE);
      assertThat(idsOf(rows))
          .isEqualTo(expected.subList(page * PAGE, Math.min(expected.size(), (page + 1) * PAGE)));
    }
  }

  @Test
  void startsOverWhenTheCursorRowIsGone() {
    EntryRows rows = table.page(scope, EntryFilter.none(), EntrySort.VALUE, 4, PAGE, -1L, null);
    assertThat(idsOf(rows)).isEqualTo(List.of());
    assertThat(table.page(scope, EntryFilter.none(), EntrySort.VALUE, 0, PAGE, -1L, null).rows())
        .hasSize(PAGE);
  }

  @Test
  void findsValuesByPrefixInCanonicalForm() {
    assertThat(valuesMatching("10.1.2.")).containsExactly("10.1.2.3", "10.1.2.30", "10.1.2.30");
    assertThat(valuesMatching("10.1.2.3")).containsExactly("10.1.2.3", "10.1.2.30", "10.1.2.30");
    assertThat(valuesMatching("2001:DB8:0::1")).containsExactly("2001:db8::1");
    assertThat(valuesMatching("EXAMPLE.")).containsExactly("example.com");
    assertThat(valuesMatching("10.1_")).isEmpty();
    assertThat(valuesMatching("trap")).isEmpty();
  }

  @Test
  void findsReasonsAnywhereIgnoringCase() {
    EntryFilter filter =
        new EntryFilter(null, null, "HIT 1", null, null, EntryFilter.TextMatch.REASON);
    assertThat(table.page(scope, filter, EntrySort.VALUE, 0, 50).rows())
        .extracting(Entry::getReason)
        .containsExactlyInAnyOrder("Trap hit 10");
  }

  @Test
  void findsTheEntriesCoveringAnAddressOrName() {
    assertThat(table.covering(scope, "10.1.2.3"))
        .extracting(Entry::getValue)
        .containsExactly("10.0.0.0/8", "10.1.0.0/16");
    assertThat(table.covering(scope, "10.1.0.0/16"))
        .extracting(Entry::getValue)
        .containsExactly("10.0.0.0/8");
    // mail.example.com matches only itself; .example.com covers every name below.
    assertThat(table.covering(scope, "www.mail.example.com"))
        .extracting(Entry::getValue)
        .containsExactly(".example.com");
    assertThat(table.covering(scope, "example.org"))
        .extracting(Entry::getValue)
        .containsExactly("*.example.org");
    assertThat(table.covering(scope, "10.1.")).isEmpty();
  }

  @Test
  void ordersAddressesByValueNumericallyAndByHitsWithNeverHitEntriesFirst() {
    long accountId =
        accounts.createAccount("numeric" + System.nanoTime() % 100000, null, ACTOR).getId();
    long own = accounts.accountScope(accountId).id();
    String[] values = {
      "mail.example.com",
      "10.1.2.10",
      "2001:db8::10",
      "9.9.9.9",
      "2001:db8::2",
      "example.com",
      "10.1.2.2",
      "2001:db8::/32",
      "10.0.0.0/8",
      ".example.com"
    };
    List<Long> ids = new ArrayList<>();
    for (String value : values) {
      ids.add(
          listings
              .create(
                  own,
                  new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, null, null),
                  EntrySource.API,
                  ACTOR)
              .getId());
    }

    List<String> byValue = new ArrayList<>();
    EntryRows rows = table.page(own, EntryFilter.none(), EntrySort.VALUE, 0, 3, null, null);
    byValue.addAll(rows.rows().stream().map(Entry::getValue).toList());
    while (rows.hasNext()) {
      rows = table.page(own, EntryFilter.none(), EntrySort.VALUE, 0, 3, rows.lastId(), null);
      byValue.addAll(rows.rows().stream().map(Entry::getValue).toList());
    }
    assertThat(byValue)
        .containsExactly(
            "9.9.9.9",
            "10.0.0.0/8",
            "10.1.2.2",
            "10.1.2.10",
            "2001:db8::/32",
            "2001:db8::2",
            "2001:db8::10",
            ".example.com",
            "example.com",
            "mail.example.com");

    // Hits as the statistics store them: 10.1.2.10 decided 5 answers, 9.9.9.9 one, example.com 5.
    Timestamp at = Timestamp.from(Instant.now());
    jdbc.update("insert into entry_hit values (?, 5, ?)", ids.get(1), at);
    jdbc.update("insert into entry_hit values (?, 1, ?)", ids.get(3), at);
    jdbc.update("insert into entry_hit values (?, 5, ?)", ids.get(5), at);
    List<String> fewest = walk(own, EntrySort.HITS);
    assertThat(fewest.subList(0, 7))
        .containsExactly(
            "mail.example.com",
            "2001:db8::10",
            "2001:db8::2",
            "10.1.2.2",
            "2001:db8::/32",
            "10.0.0.0/8",
            ".example.com");
    assertThat(fewest.subList(7, 10)).containsExactly("9.9.9.9", "10.1.2.10", "example.com");
    assertThat(walk(own, EntrySort.MOST_HITS).subList(0, 3))
        .containsExactly("example.com", "10.1.2.10", "9.9.9.9");
  }

  /** Every value of the scope, walking Next two rows at a time. */
  private List<String> walk(long scopeId, EntrySort sort) {
    List<String> values = new ArrayList<>();
    EntryRows rows = table.page(scopeId, EntryFilter.none(), sort, 0, 2, null, null);
    values.addAll(rows.rows().stream().map(Entry::getValue).toList());
    while (rows.hasNext()) {
      rows = table.page(scopeId, EntryFilter.none(), sort, 0, 2, rows.lastId(), null);
      values.addAll(rows.rows().stream().map(Entry::getValue).toList());
    }
    return values;
  }

  private List<String> valuesMatching(String text) {
    EntryFilter filter =
        new EntryFilter(null, null, text, null, null, EntryFilter.TextMatch.VALUE_PREFIX);
    return table.page(scope, filter, EntrySort.VALUE, 0, 50).rows().stream()
        .map(Entry::getValue)
        .toList();
  }

  /** The order the sort promises, computed here from the stored rows. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Long> expectedOrder(EntrySort sort) {
    Comparator<Entry> byKey =
        Comparator.comparing(
            entry -> (Comparable) sort.keyOf(entry),
            Comparator.nullsLast(Comparator.naturalOrder()));
    // The database compares the list by its stored name: ALLOW before BLOCK.
    Comparator<Entry> byTie = (a, b) -> tie(sort, a).compareTo(tie(sort, b));
    List<Entry> sorted = new ArrayList<>(stored);
    if (sort.ascending) {
      sorted.sort(byKey.thenComparing(byTie));
    } else {
      // Descending on the key and id, entries without a key still last.
      Comparator<Entry> descending =
          Comparator.comparing(
              entry -> (Comparable) sort.keyOf(entry),
              Comparator.nullsLast(Comparator.reverseOrder()));
      sorted.sort(descending.thenComparing(byTie.reversed()));
    }
    return sorted.stream().map(Entry::getId).toList();
  }

  @SuppressWarnings("rawtypes")
  private static Comparable tie(EntrySort sort, Entry entry) {
    Comparable tie = sort.tieOf(entry);
    return tie instanceof Enum<?> name ? name.name() : tie;
  }

  private static List<Long> idsOf(EntryRows rows) {
    return rows.rows().stream().map(Entry::getId).toList();
  }
}
