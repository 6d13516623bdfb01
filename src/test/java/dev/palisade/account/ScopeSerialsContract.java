package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.Actor;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an entry write spends on its scope, on every database: it finds the scope by id or by names,
 * gives it a new serial and returns the one before with the scope's names. {@link ScopeSerialsIT}
 * runs it on H2 (an update that locks the account's scope, a read, then an update read from a
 * {@code final table}), {@link PostgresScopeSerialsIT} on PostgreSQL (one {@code with ... update
 * ... returning}).
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class ScopeSerialsContract {

  private static final Actor ACTOR = Actor.system("test");

  @Autowired ScopeSerials serials;
  @Autowired Accounts accounts;
  @Autowired PlatformTransactionManager transactions;

  private String slug;
  private Account acme;
  private MailServer mx1;

  @BeforeEach
  void anAccountWithAServerAndAnotherAccountWithAServerOfTheSameName() {
    slug = "serials" + System.nanoTime() % 1_000_000;
    acme = accounts.createAccount(slug, null, ACTOR);
    mx1 = accounts.createServer(acme.getId(), "mx1", ACTOR);
    // Not slug-other: that would lie in the first account's namespace.
    Account other = accounts.createAccount(slug + "other", null, ACTOR);
    accounts.createServer(other.getId(), "mx1", ACTOR);
  }

  @Test
  void aScopeGivenByIdGetsANewHigherSerialAndTellsTheOneBefore() {
    ScopeInfo before = accounts.accountScope(acme.getId());

    SerialBump bump = bump(WriteTarget.scope(before.id()));

    assertThat(bump.previous()).isEqualTo(before.serial());
    assertThat(bump.serial()).isGreaterThan(before.serial());
    assertThat(bump.scope())
        .isEqualTo(new ScopeDetails(before.id(), acme.getId(), slug, null, null, slug));
    assertThat(accounts.accountScope(acme.getId()).serial()).isEqualTo(bump.serial());
  }

  @Test
  void anAccountScopeIsFoundByItsSlugInAnyCase() {
    SerialBump bump = bump(named(slug.toUpperCase(), null));

    assertThat(bump.scope().scopeId()).isEqualTo(accounts.accountScope(acme.getId()).id());
    assertThat(bump.scope().serverId()).isNull();
    assertThat(bump.scope().accountSlug()).isEqualTo(slug);
  }

  @Test
  void aServerScopeIsFoundByItsAccountsSlugAndItsNameNotAnotherAccountsServer() {
    ScopeInfo before = accounts.serverScope(mx1.getId());

    SerialBump bump = bump(named(slug, "MX1"));

    assertThat(bump.scope())
        .isEqualTo(
            new ScopeDetails(before.id(), acme.getId(), slug, mx1.getId(), "mx1", slug + "-mx1"));
    assertThat(bump.previous()).isEqualTo(before.serial());
  }

  @Test
  void eachBumpFollowsTheOneBefore() {
    WriteTarget target = named(slug, "mx1");

    SerialBump first = bump(target);
    SerialBump second = bump(target);

    assertThat(second.previous()).isEqualTo(first.serial());
    assertThat(second.serial()).isGreaterThan(first.serial());
  }

  @Test
  void aScopeThatDoesNotExistIsNotBumped() {
    assertThat(bump(WriteTarget.scope(Long.MAX_VALUE))).isNull();
    assertThat(bump(named(slug + "-gone", null))).isNull();
    assertThat(bump(named(slug, "mx9"))).isNull();
    assertThat(bump(named(slug + "other-mx1", null))).isNull();
  }

  private SerialBump bump(WriteTarget target) {
    return new TransactionTemplate(transactions).execute(status -> serials.bump(target));
  }

  private static WriteTarget named(String slug, String server) {
    Supplier<RuntimeException> missing = IllegalStateException::new;
    return WriteTarget.named(slug, server, scope -> {}, missing);
  }
}
