package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Paging a scope's entries by keyset: next and previous pages by id, in both id orders. */
@SpringBootTest
@ActiveProfiles("test")
class EntryTableIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired EntryTable table;

  @Test
  void walksPagesForwardAndBackByIdInBothOrders() {
    long accountId =
        accounts.createAccount("keyset" + System.nanoTime() % 100000, null, ACTOR).getId();
    long scope = accounts.accountScope(accountId).id();
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      ids.add(
          listings
              .create(
                  scope, EntryDraft.of(ListKind.BLOCK, "198.51.100." + i), EntrySource.API, ACTOR)
              .getId());
    }
    List<Long> newest = new ArrayList<>(ids);
    java.util.Collections.reverse(newest);
    EntryFilter all = EntryFilter.none();

    EntryRows first = table.page(scope, all, EntrySort.NEWEST, 0, 3, null, null);
    assertThat(idsOf(first)).isEqualTo(newest.subList(0, 3));
    assertThat(first.hasPrevious()).isFalse();
    assertThat(first.hasNext()).isTrue();
    assertThat(first.total()).isEqualTo(7);

    EntryRows second = table.page(scope, all, EntrySort.NEWEST, 1, 3, first.lastId(), null);
    assertThat(idsOf(second)).isEqualTo(newest.subList(3, 6));
    EntryRows third = table.page(scope, all, EntrySort.NEWEST, 2, 3, second.lastId(), null);
    assertThat(idsOf(third)).isEqualTo(newest.subList(6, 7));
    assertThat(third.hasNext()).isFalse();
    assertThat(third.hasPrevious()).isTrue();

    EntryRows back = table.page(scope, all, EntrySort.NEWEST, 1, 3, null, third.firstId());
    assertThat(idsOf(back)).isEqualTo(newest.subList(3, 6));
    assertThat(back.hasPrevious()).isTrue();
    EntryRows start = table.page(scope, all, EntrySort.NEWEST, 0, 3, null, back.firstId());
    assertThat(idsOf(start)).isEqualTo(newest.subList(0, 3));
    assertThat(start.hasPrevious()).isFalse();
    assertThat(start.page()).isZero();

    EntryRows oldest = table.page(scope, all, EntrySort.OLDEST, 0, 3, null, null);
    assertThat(idsOf(oldest)).isEqualTo(ids.subList(0, 3));
    EntryRows oldestNext = table.page(scope, all, EntrySort.OLDEST, 1, 3, oldest.lastId(), null);
    assertThat(idsOf(oldestNext)).isEqualTo(ids.subList(3, 6));
    assertThat(idsOf(table.page(scope, all, EntrySort.OLDEST, 0, 3, null, oldestNext.firstId())))
        .isEqualTo(ids.subList(0, 3));

    // Other orders still page by number.
    EntryRows byValue = table.page(scope, all, EntrySort.VALUE, 2, 3);
    assertThat(byValue.keyset()).isFalse();
    assertThat(byValue.rows()).extracting(Entry::getValue).containsExactly("198.51.100.7");
  }

  private static List<Long> idsOf(EntryRows rows) {
    return rows.rows().stream().map(Entry::getId).toList();
  }
}
