package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link IndexFileRestartContract} on PostgreSQL: one schema for the class, so the tests' scopes
 * meet each other's in the database and in the file, as several installations' worth of scopes
 * would.
 */
class PostgresIndexFileRestartIT extends IndexFileRestartContract {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @Override
  List<String> database() {
    return database.arguments();
  }

  @Override
  List<String> otherDatabase() {
    return List.of(
        "--spring.datasource.url=jdbc:h2:mem:other-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /**
   * Several nodes share one PostgreSQL database (an embedded H2 database belongs to one process):
   * each node's file leaves out or loses what another node changed.
   */
  @Test
  void scopesChangedByAnotherNodeAreLoadedFromTheDatabase() {
    ConfigurableApplicationContext node = start(file(), database());
    ScopeInfo shared;
    ScopeInfo quiet;
    try {
      shared = account(node, "shared");
      quiet = account(node, "quiet");
      add(node, shared, block("192.0.2.1", null, null));
      add(node, quiet, block("192.0.2.2", null, null));
      ConfigurableApplicationContext other = start("", database());
      try {
        // The other node changes the scope, then this node does: this node follows the first
        // through the change feed, so the file it writes holds both.
        add(other, shared, block("192.0.2.3", null, null));
        add(node, shared, block("192.0.2.4", null, null));
      } finally {
        other.close();
      }
    } finally {
      node.close();
    }
    ConfigurableApplicationContext other = start("", database());
    try {
      // And once more after the file was written: a serial the file does not know.
      add(other, quiet, block("192.0.2.5", null, null));
    } finally {
      other.close();
    }

    ConfigurableApplicationContext restarted = start(file(), database());
    try {
      assertThat(loaded(restarted).fileCurrent()).isFalse();
      for (String address : List.of("1", "3", "4")) {
        assertThat(answer(restarted, address + ".2.0.192." + shared.label() + ".bl" + ZONE))
            .startsWith("NOERROR");
      }
      for (String address : List.of("2", "5")) {
        assertThat(answer(restarted, address + ".2.0.192." + quiet.label() + ".bl" + ZONE))
            .startsWith("NOERROR");
      }
    } finally {
      restarted.close();
    }
    // The scope changed after the file was written is taken from it and brought up to date from
    // the change feed: its one change applied, not the whole scope read again.
    assertThat(CapturedLog.text())
        .doesNotContain(shared.label() + ": not in the file")
        .doesNotContain(quiet.label() + ": changed")
        .containsPattern("brought up to date from the change feed \\([^)]*" + quiet.label())
        .doesNotContain("scope " + quiet.id() + " reloaded");
  }

  /** A restart applies what the feed holds after the file's serial: additions and deletions. */
  @Test
  void aRestartAppliesTheChangesMadeSinceTheFileFromTheChangeFeed() {
    ConfigurableApplicationContext node = start(file(), database());
    ScopeInfo scope;
    try {
      scope = account(node, "feed");
      add(node, scope, block("192.0.2.1", null, null), block("192.0.2.2", null, null));
    } finally {
      node.close();
    }
    ConfigurableApplicationContext other = start("", database());
    try {
      add(other, scope, block("192.0.2.3", null, null));
      other
          .getBean(Listings.class)
          .delete(
              scope.id(),
              ListKind.BLOCK,
              EntryValue.parse("192.0.2.1"),
              EntrySource.API,
              new Actor("test", "127.0.0.1", "api"));
    } finally {
      other.close();
    }

    ConfigurableApplicationContext restarted = start(file(), database());
    try {
      assertThat(answer(restarted, "1.2.0.192." + scope.label() + ".bl" + ZONE))
          .startsWith("NXDOMAIN");
      assertThat(answer(restarted, "2.2.0.192." + scope.label() + ".bl" + ZONE))
          .startsWith("NOERROR");
      assertThat(answer(restarted, "3.2.0.192." + scope.label() + ".bl" + ZONE))
          .startsWith("NOERROR");
    } finally {
      restarted.close();
    }
    assertThat(CapturedLog.text())
        .containsPattern("brought up to date from the change feed \\([^)]*" + scope.label())
        .doesNotContain("scope " + scope.id() + " reloaded");
  }

  @Test
  void entriesAddedWithSqlOutsidePalisadeAreSeen() throws Exception {
    ConfigurableApplicationContext first = start(file(), database());
    ScopeInfo scope;
    try {
      scope = account(first, "handmade");
      add(first, scope, block("192.0.2.1", null, null));
    } finally {
      first.close();
    }
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      // An insert by hand: no new serial, but a new highest id.
      statement.executeUpdate(
          "insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code,"
              + " reason, enabled, expires_at, source, created_by, created_at, updated_by,"
              + " updated_at, version, sort_key) select max(id) + 1000, "
              + scope.id()
              + ", 'BLOCK', 'IPV4', '192.0.2.9', null, null, true, null, 'API', 'sql',"
              + " current_timestamp, 'sql', current_timestamp, 0, '4c000020920' from entry");
    }

    ConfigurableApplicationContext restarted = start(file(), database());
    try {
      assertThat(answer(restarted, "9.2.0.192." + scope.label() + ".bl" + ZONE))
          .startsWith("NOERROR");
    } finally {
      restarted.close();
    }
    assertThat(CapturedLog.text()).contains(scope.label() + ": entries edited outside Palisade");
  }
}
