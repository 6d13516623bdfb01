package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.audit.Actor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * What an entry's references to its scope and feed guarantee, on every database (foreign keys on
 * H2, set-based triggers on PostgreSQL: {@link EntryReferencesMigration}): no entry names a scope
 * or a feed that does not exist, whether inserted alone, with others, or moved; deleting a scope
 * (with its account or mail server) deletes its entries and their hit counts; deleting a feed keeps
 * its entries as local ones, unless their scope goes with it.
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class EntryReferencesContract {

  private static final Actor ACTOR = Actor.system("test");
  private static final AtomicLong IDS = new AtomicLong(1_900_000_000L + System.nanoTime() % 1000);

  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  Account account;
  long accountScope;
  MailServer server;
  long serverScope;

  @BeforeEach
  void anAccountWithAServer() {
    account = accounts.createAccount("refs" + System.nanoTime() % 1_000_000, null, ACTOR);
    accountScope = accounts.accountScope(account.getId()).id();
    server = accounts.createServer(account.getId(), "mx1", ACTOR);
    serverScope = accounts.serverScope(server.getId()).id();
  }

  @Test
  void anEntryOfAScopeThatDoesNotExistIsRefused() {
    long missing = jdbc.queryForObject("select max(id) + 1000 from scope", Long.class);

    assertThatThrownBy(() -> insert(missing, null, "192.0.2.1"))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(count("entry_value = '192.0.2.1' and scope_id = " + missing)).isZero();
  }

  @Test
  void aStatementWithOneEntryOfAMissingScopeStoresNoneOfItsEntries() {
    long missing = jdbc.queryForObject("select max(id) + 1000 from scope", Long.class);
    long first = IDS.getAndAdd(2);

    assertThatThrownBy(
            () ->
                jdbc.update(
                    "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key,"
                        + " enabled, source, created_by, created_at, updated_by, updated_at,"
                        + " version) values (?, ?, 'BLOCK', 'IPV4', '192.0.2.2', 'k', true, 'API',"
                        + " 't', ?, 't', ?, 0), (?, ?, 'BLOCK', 'IPV4', '192.0.2.3', 'k', true,"
                        + " 'API', 't', ?, 't', ?, 0)",
                    first,
                    accountScope,
                    now(),
                    now(),
                    first + 1,
                    missing,
                    now(),
                    now()))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(count("id in (" + first + ", " + (first + 1) + ")")).isZero();
  }

  @Test
  void anEntryOfAFeedThatDoesNotExistIsRefusedAndOneOfAFeedIsStored() {
    long feed = feed(accountScope);

    assertThatThrownBy(() -> insert(accountScope, feed + 1000, "192.0.2.4"))
        .isInstanceOf(DataIntegrityViolationException.class);
    insert(accountScope, feed, "192.0.2.5");
    insert(accountScope, null, "192.0.2.6");

    assertThat(count("scope_id = " + accountScope)).isEqualTo(2);
  }

  @Test
  void anEntryMovedToAScopeOrFeedThatDoesNotExistIsRefused() {
    long id = insert(accountScope, null, "192.0.2.7");
    long missing = jdbc.queryForObject("select max(id) + 1000 from scope", Long.class);
    long missingFeed =
        jdbc.queryForObject("select coalesce(max(id), 0) + 1000 from feed", Long.class);

    assertThatThrownBy(() -> jdbc.update("update entry set scope_id = ? where id = ?", missing, id))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(
            () -> jdbc.update("update entry set feed_id = ? where id = ?", missingFeed, id))
        .isInstanceOf(DataIntegrityViolationException.class);
    jdbc.update("update entry set scope_id = ? where id = ?", serverScope, id);

    assertThat(count("id = " + id + " and scope_id = " + serverScope + " and feed_id is null"))
        .isOne();
  }

  @Test
  void deletingAMailServerDeletesItsScopesEntriesAndTheirHits() {
    long kept = insert(accountScope, null, "192.0.2.8");
    long gone = insert(serverScope, null, "192.0.2.8");
    hit(kept);
    hit(gone);

    accounts.deleteServer(server.getId(), ACTOR);

    assertThat(count("id = " + gone)).isZero();
    assertThat(count("id = " + kept)).isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from entry_hit where entry_id = ?", Long.class, gone))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from entry_hit where entry_id = ?", Long.class, kept))
        .isOne();
  }

  @Test
  void deletingAnAccountDeletesTheEntriesOfEachOfItsScopes() {
    long feed = feed(serverScope);
    insert(accountScope, null, "192.0.2.9");
    insert(serverScope, feed, "192.0.2.10");
    insert(serverScope, null, "192.0.2.11");

    accounts.deleteAccount(account.getId(), ACTOR);

    assertThat(count("scope_id in (" + accountScope + ", " + serverScope + ")")).isZero();
    assertThat(jdbc.queryForObject("select count(*) from feed where id = ?", Long.class, feed))
        .isZero();
  }

  @Test
  void deletingAFeedKeepsItsEntriesAsLocalOnes() {
    long feed = feed(accountScope);
    long fed = insert(accountScope, feed, "192.0.2.12");
    long local = insert(accountScope, null, "192.0.2.13");

    jdbc.update("delete from feed where id = ?", feed);

    assertThat(count("id in (" + fed + ", " + local + ") and feed_id is null")).isEqualTo(2);
  }

  long insert(long scope, Long feed, String value) {
    long id = IDS.incrementAndGet();
    jdbc.update(
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key, enabled,"
            + " source, created_by, created_at, updated_by, updated_at, version, feed_id)"
            + " values (?, ?, 'BLOCK', 'IPV4', ?, ?, true, 'API', 't', ?, 't', ?, 0, ?)",
        id,
        scope,
        value,
        "k" + value,
        now(),
        now(),
        feed);
    return id;
  }

  long feed(long scope) {
    jdbc.update(
        "insert into feed (scope_id, list_kind, format, path, created_by, created_at, entry_count)"
            + " values (?, 'BLOCK', 'IP4SET', ?, 't', ?, 0)",
        scope,
        "/feeds/" + IDS.incrementAndGet(),
        now());
    return jdbc.queryForObject("select max(id) from feed where scope_id = ?", Long.class, scope);
  }

  private void hit(long entry) {
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) values (?, 1, ?)", entry, now());
  }

  long count(String where) {
    return jdbc.queryForObject("select count(*) from entry where " + where, Long.class);
  }

  static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
