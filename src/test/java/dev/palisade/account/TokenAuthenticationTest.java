package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.support.FakeTransactions;
import dev.palisade.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authentication of one request's bearer secret, without a database: the repository is a mock, the
 * transactions are counted, the clock is moved by hand.
 */
class TokenAuthenticationTest {

  private static final String SECRET = "pal_" + "s".repeat(43);
  private static final String HASH = TokenSecrets.hash(SECRET);
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  private final ApiTokenRepository repository = mock(ApiTokenRepository.class);
  private final FakeTransactions transactions = new FakeTransactions();
  private final MovableClock clock = new MovableClock(T0);
  private final TokenAuthentication authentication =
      new TokenAuthentication(repository, transactions, clock, new DatabaseStatus(null));

  private ApiToken token;

  @BeforeEach
  void aStoredWriteTokenOfAccount3BoundToServer5() {
    token = storedToken(7, HASH);
    when(repository.findByTokenHash(HASH)).thenReturn(Optional.of(token));
  }

  @Test
  void aStoredTokenAuthenticatesAsItsCaller() {
    Caller caller = authentication.authenticate(SECRET).orElseThrow();

    assertThat(caller).isEqualTo(new Caller(Caller.Kind.TOKEN, 7, "fail2ban", false, 3L, 5L, true));
    assertThat(caller.actorName()).isEqualTo("token:fail2ban#7");
  }

  @Test
  void anUnknownSecretAuthenticatesNobody() {
    assertThat(authentication.authenticate("pal_" + "u".repeat(43))).isEmpty();
  }

  @Test
  void aRevokedTokenAuthenticatesNobody() {
    token.revoke(T0);

    assertThat(authentication.authenticate(SECRET)).isEmpty();
  }

  @Test
  void aRowWhoseHashDiffersIsNotTrusted() {
    // The unique index answers only for the exact hash; should a lookup ever return another row,
    // the comparison refuses it.
    when(repository.findByTokenHash(HASH)).thenReturn(Optional.of(storedToken(8, "0".repeat(64))));

    assertThat(authentication.authenticate(SECRET)).isEmpty();
  }

  @Test
  void secretsNoTokenCanHaveAreRefusedWithoutALookup() {
    assertThat(authentication.authenticate(null)).isEmpty();
    assertThat(authentication.authenticate("pal_short")).isEmpty();
    assertThat(authentication.authenticate("x".repeat(201))).isEmpty();

    verify(repository, never()).findByTokenHash(any());
    assertThat(transactions.begun()).isZero();
  }

  @Test
  void aTokenFoundValidIsTrustedForAFewSecondsWithoutATransaction() {
    authentication.authenticate(SECRET);
    authentication.authenticate(SECRET);
    Optional<Caller> third = authentication.authenticate(SECRET);

    assertThat(third).isPresent();
    verify(repository, times(1)).findByTokenHash(HASH);
    assertThat(transactions.begun()).isEqualTo(1);
  }

  @Test
  void anInvalidSecretIsLookedUpEveryTime() {
    String unknown = "pal_" + "u".repeat(43);
    authentication.authenticate(unknown);
    authentication.authenticate(unknown);

    verify(repository, times(2)).findByTokenHash(TokenSecrets.hash(unknown));
  }

  @Test
  void aRevocationForgetsTheChecksAtOnceAndAgainWhenItsTransactionEnds() {
    authentication.authenticate(SECRET);

    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              authentication.forgetChecksAfterCompletion();
              // A request checked while the revocation has not committed still sees the token.
              assertThat(authentication.authenticate(SECRET)).isPresent();
              token.revoke(T0);
            });

    assertThat(authentication.authenticate(SECRET)).isEmpty();
    verify(repository, times(3)).findByTokenHash(HASH);
  }

  @Test
  void aChangeToTheScopesForgetsTheChecks() {
    authentication.authenticate(SECRET);
    token.revoke(T0); // e.g. its account was deleted, and the token with it

    authentication.on(new ScopesChanged(List.of(), 1));

    assertThat(authentication.authenticate(SECRET)).isEmpty();
  }

  @Test
  void aUseIsWrittenByTheFlushNotByTheRequest() {
    authentication.authenticate(SECRET);
    verify(repository, never()).recordUse(anyLong(), any());

    authentication.flushLastUsed();

    verify(repository).recordUse(7, T0);
  }

  @Test
  void usesWithinAMinuteOfTheLastOneAreNotWrittenAgain() {
    authentication.authenticate(SECRET);
    authentication.flushLastUsed();

    clock.advance(Duration.ofSeconds(59));
    authentication.authenticate(SECRET);
    authentication.flushLastUsed();
    verify(repository, times(1)).recordUse(anyLong(), any());

    clock.advance(Duration.ofSeconds(2));
    authentication.authenticate(SECRET);
    authentication.flushLastUsed();
    verify(repository).recordUse(7, T0.plusSeconds(61));
  }

  @Test
  void aUseRecordedInTheDatabaseLessThanAMinuteAgoIsNotNotedAgain() {
    ReflectionTestUtils.setField(token, "lastUsedAt", T0.minusSeconds(30));

    authentication.authenticate(SECRET);
    authentication.flushLastUsed();

    verify(repository, never()).recordUse(anyLong(), any());
  }

  @Test
  void aFlushWithNothingNotedBeginsNoTransaction() {
    authentication.flushLastUsed();

    assertThat(transactions.begun()).isZero();
  }

  @Test
  void aFailingFlushLosesTheUsesButThrowsNothing() {
    when(repository.recordUse(anyLong(), any())).thenThrow(new IllegalStateException("down"));
    authentication.authenticate(SECRET);

    assertThatCode(authentication::flushLastUsed).doesNotThrowAnyException();
    authentication.flushLastUsed();

    verify(repository, times(1)).recordUse(anyLong(), any());
  }

  private static ApiToken storedToken(long id, String hash) {
    ApiToken stored =
        new ApiToken("fail2ban", hash, "pal_ssssssss", false, 3L, 5L, true, T0, "system:test");
    ReflectionTestUtils.setField(stored, "id", id);
    return stored;
  }
}
