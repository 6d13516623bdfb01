package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A page of a large scope's entries, newest first (what the API's entry list reads), is read on H2
 * from an index in that order, stopping after the page: H2's planner, once it has statistics of a
 * large scope, took the foreign key's index on the scope alone and sorted every entry of the scope
 * for each page, 10–13 s a page at a million entries.
 */
@SpringBootTest
@ActiveProfiles("test")
class EntryPagePlanIT {

  private static final int ENTRIES = 60_000;

  @Autowired Listings listings;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aPageOfALargeAnalysedScopeIsReadFromAnIndexInItsOrder() {
    ScopeInfo scope =
        accounts.accountScope(accounts.createAccount("plan", null, Actor.system("test")).getId());
    jdbc.update(
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key, enabled,"
            + " source, created_by, created_at, updated_by, updated_at, version)"
            + " select 1000000000 + x, ?, 'BLOCK', 'IPV4', '10.0.' || (x / 256) || '.' || mod(x,"
            + " 256), 'k' || x, true, 'API', 't', now(), 't', now(), 0 from system_range(0, ?) r(x)",
        scope.id(),
        ENTRIES - 1);
    jdbc.execute("analyze");
    jdbc.execute("set query_statistics true");

    Page<Entry> page = listings.find(scope.id(), EntryFilter.none(), 0, 50);

    assertThat(page.getTotalElements()).isEqualTo(ENTRIES);
    assertThat(page.getContent()).hasSize(50);
    assertThat(page.getContent().get(0).getId()).isGreaterThan(page.getContent().get(49).getId());
    List<String> read =
        jdbc.queryForList(
            "select sql_statement from information_schema.query_statistics"
                + " where lower(sql_statement) like '%from entry%order by%'",
            String.class);
    assertThat(read).singleElement();
    String plan = jdbc.queryForObject("explain " + read.get(0), String.class, scope.id(), 0, 50);
    assertThat(plan).doesNotContain("index sorted: ").contains("index sorted");
  }
}
