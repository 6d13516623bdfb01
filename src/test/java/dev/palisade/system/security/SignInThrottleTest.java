package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The back-off of sign-in attempts, on a clock the test moves. */
class SignInThrottleTest {

  private static final String HOME = "192.0.2.1";
  private static final String ELSEWHERE = "198.51.100.7";

  private final MovableClock clock = new MovableClock();
  private SignInThrottle throttle = throttle(5, 20, Duration.ofMinutes(15), 1000);

  @Test
  void theFirstFailuresAreFreeThenTheWaitDoublesUpToTheMaximum() {
    fail("alice", ELSEWHERE, 5);
    assertThat(throttle.waitFor("alice", ELSEWHERE)).contains(Duration.ofSeconds(1));

    clock.move(Duration.ofSeconds(1));
    assertThat(throttle.waitFor("alice", ELSEWHERE)).isEmpty();
    throttle.failed("alice", ELSEWHERE);
    assertThat(throttle.waitFor("alice", ELSEWHERE)).contains(Duration.ofSeconds(2));

    for (int i = 0; i < 20; i++) {
      clock.move(Duration.ofHours(1));
      throttle.failed("alice", ELSEWHERE);
    }
    assertThat(throttle.waitFor("alice", ELSEWHERE)).contains(Duration.ofMinutes(15));
  }

  @Test
  void attemptsThatMustWaitDoNotPushTheWaitFurtherOut() {
    fail("alice", ELSEWHERE, 6);
    Optional<Duration> wait = throttle.waitFor("alice", ELSEWHERE);
    clock.move(Duration.ofMillis(500));
    // A caller refused by waitFor does not call failed: the wait only runs down.
    assertThat(throttle.waitFor("alice", ELSEWHERE)).contains(wait.orElseThrow().minusMillis(500));
  }

  @Test
  void theUserNameIsCountedAcrossAddressesAndCaseAndUnknownNamesAlike() {
    for (int i = 0; i < 5; i++) {
      throttle.failed(i % 2 == 0 ? "Nobody" : " nobody ", "203.0.113." + i);
    }
    assertThat(throttle.waitFor("NOBODY", "203.0.113.99")).isPresent();
  }

  @Test
  void oneAddressTryingManyNamesIsHeldBackForEveryName() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("name" + i, ELSEWHERE);
    }
    assertThat(throttle.waitFor("alice", ELSEWHERE)).isPresent();
    assertThat(throttle.waitFor("alice", HOME)).isEmpty();
  }

  @Test
  void anIpv6HostIsCountedByItsSlash64() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("name" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
    }
    assertThat(throttle.waitFor("alice", "2001:db8:1:2:ffff::1")).isPresent();
    assertThat(throttle.waitFor("alice", "2001:db8:1:3::1")).isEmpty();
    assertThat(SignInThrottle.source("2001:db8:1:2:0:0:0:9")).isEqualTo("2001:db8:1:2::/64");
  }

  @Test
  void aSuccessForgetsTheUsersFailuresButNotTheAddresss() {
    fail("alice", HOME, 5);
    fail("other", HOME, 14);
    assertThat(throttle.waitFor("alice", HOME)).isPresent();
    clock.move(Duration.ofSeconds(2));

    throttle.succeeded("alice", HOME);

    assertThat(throttle.waitFor("alice", ELSEWHERE)).isEmpty();
    // The address has 19 failures; one more makes everyone there wait, alice at home aside.
    throttle.failed("mallory", HOME);
    assertThat(throttle.waitFor("bob", HOME)).isPresent();
  }

  @Test
  void guessesFromElsewhereDoNotLockTheUserOutAtAnAddressTheySignedInFrom() {
    throttle.succeeded("alice", HOME);

    fail("alice", ELSEWHERE, 30);

    assertThat(throttle.waitFor("alice", ELSEWHERE)).isPresent();
    assertThat(throttle.waitFor("alice", "203.0.113.5")).isPresent();
    assertThat(throttle.waitFor("alice", HOME)).isEmpty();
  }

  @Test
  void guessesFromTheUsersOwnAddressMeetTheirOwnBackOff() {
    throttle.succeeded("alice", HOME);

    fail("alice", HOME, 5);

    assertThat(throttle.waitFor("alice", HOME)).contains(Duration.ofSeconds(1));
    assertThat(throttle.waitFor("alice", ELSEWHERE)).isEmpty();
  }

  @Test
  void failuresAreForgottenAfterADayWithoutOne() {
    fail("alice", ELSEWHERE, 12);
    clock.move(SignInThrottle.FORGET_AFTER.plusSeconds(1));
    throttle.failed("alice", ELSEWHERE);
    assertThat(throttle.waitFor("alice", ELSEWHERE)).isEmpty();
  }

  @Test
  void memoryIsBoundedByTheTrackedSettingForgettingTheLeastRecentlyUsed() {
    throttle = throttle(5, 1_000_000, Duration.ofMinutes(15), 100);
    fail("alice", ELSEWHERE, 5);
    for (int i = 0; i < 1000; i++) {
      throttle.failed("spray" + i, "203.0.113.1");
    }
    assertThat(throttle.tracked()).isEqualTo(100);
    assertThat(throttle.waitFor("alice", "203.0.113.2")).isEmpty();
  }

  @Test
  void aVeryLongNameIsKeptCut() {
    assertThat(SignInThrottle.user("X".repeat(100_000))).hasSize(SignInThrottle.MAX_NAME);
  }

  @Test
  void somethingThatIsNotAnAddressIsNeverLookedUp() {
    assertThat(SignInThrottle.source("example.com")).isEqualTo("unknown");
    assertThat(SignInThrottle.source(null)).isEqualTo("unknown");
    assertThat(SignInThrottle.source("192.0.2.1")).isEqualTo("192.0.2.1");
  }

  private void fail(String user, String source, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(user, source);
    }
  }

  private SignInThrottle throttle(int user, int source, Duration max, int tracked) {
    return new SignInThrottle(new SignInSettings(user, source, max, tracked), clock);
  }

  /** A clock that stands still until the test moves it. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
