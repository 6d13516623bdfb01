package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Writes keep working after the connection pool renewed every connection, as it does every 30
 * minutes, in an embedded database this process created (a first start; every test). H2 evaluated
 * the "in (...)" check constraints of V1 and V4 with the session of the migration's connection, so
 * once that connection was closed every insert of an entry or a membership failed with "Check
 * constraint invalid" until the next restart.
 */
@SpringBootTest
@ActiveProfiles("test")
class PoolRenewalIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");

  @Autowired DataSource dataSource;
  @Autowired Accounts accounts;
  @Autowired AccountMembers members;
  @Autowired Listings listings;

  @Test
  void entriesAndMembershipsAreWrittenAfterThePoolRenewedItsConnections() throws Exception {
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    // Every connection made so far, the migration's among them, is closed once it is idle.
    pool.getHikariPoolMXBean().softEvictConnections();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pool.getHikariPoolMXBean().getTotalConnections() > 0 && System.nanoTime() < deadline) {
      pool.getHikariPoolMXBean().softEvictConnections();
      Thread.sleep(50);
    }

    long accountId = accounts.createAccount("renewed", null, ACTOR).getId();
    ScopeInfo scope = accounts.accountScope(accountId);
    UpsertResult result =
        listings.upsert(
            scope.id(),
            List.of(
                new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.1"), null, null, null),
                new EntryDraft(ListKind.ALLOW, EntryValue.parse("2001:db8::1"), null, null, null),
                new EntryDraft(ListKind.BLOCK, EntryValue.parse("example.com"), null, null, null)),
            EntrySource.API,
            ACTOR);
    members.createMember(
        "renewed-viewer", "a long and unusual secret", accountId, AccountRole.Role.VIEWER, ACTOR);

    assertThat(result.created()).isEqualTo(3);
    assertThat(listings.entries(scope.id())).hasSize(3);
  }
}
