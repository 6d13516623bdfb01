package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static final long VALID_FOR = VerifiedTokens.VALID_FOR.toNanos();
  private static final Caller CALLER =
      new Caller(Caller.Kind.TOKEN, 7, "fail2ban", false, 3L, null, true);

  private final VerifiedTokens verified = new VerifiedTokens();

  @Test
  void aCheckIsTrustedForFiveSecondsAndNotAfter() {
    long checkedAt = 1_000_000_000L;
    verified.put("hash", check(checkedAt));

    assertThat(verified.get("hash", checkedAt)).isNotNull();
    assertThat(verified.get("hash", checkedAt + VALID_FOR)).isNotNull();
    assertThat(verified.get("hash", checkedAt + VALID_FOR + 1)).isNull();
    assertThat(VerifiedTokens.VALID_FOR).hasSeconds(5);
  }

  @Test
  void onlyTheHashThatWasCheckedIsTrusted() {
    verified.put("hash", check(0));

    assertThat(verified.get("other", 0)).isNull();
  }

  @Test
  void clearForgetsEveryCheck() {
    verified.put("a", check(0));
    verified.put("b", check(0));

    verified.clear();

    assertThat(verified.get("a", 0)).isNull();
    assertThat(verified.get("b", 0)).isNull();
  }

  @Test
  void aFullCacheStartsOverRatherThanGrow() {
    for (int i = 0; i < VerifiedTokens.MAX_SIZE; i++) {
      verified.put("hash" + i, check(0));
    }
    assertThat(verified.get("hash0", 0)).isNotNull();

    verified.put("one more", check(0));

    assertThat(verified.get("hash0", 0)).isNull();
    assertThat(verified.get("one more", 0)).isNotNull();
  }

  private static VerifiedTokens.Verified check(long atNanos) {
    return new VerifiedTokens.Verified(CALLER, 7, Instant.EPOCH, atNanos);
  }
}
