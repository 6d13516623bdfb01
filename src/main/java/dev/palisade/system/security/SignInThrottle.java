package dev.palisade.system.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Slows down password guessing at the web UI's sign-in with exponential back-off, counted three
 * ways:
 *
 * <ul>
 *   <li>per <b>user name</b> (as typed, whether or not such a user exists, so the answer tells
 *       nothing about existence): after {@link SignInSettings#userFailures} failures each further
 *       attempt must wait 1 s, then 2 s, 4 s, … up to {@link SignInSettings#maxDelay};
 *   <li>per <b>source address</b> (IPv4 address or IPv6 /64), over every name tried from there:
 *       after {@link SignInSettings#sourceFailures} failures, the same back-off;
 *   <li>per <b>(user name, address) pair</b> the user signed in from before: such an attempt is
 *       counted and held back only by this pair's own counter, like the user name's.
 * </ul>
 *
 * <p>The trade-off: a per-user limit alone is a lock-out an attacker can use — one wrong password
 * every few minutes would keep the real user waiting for ever. So an address where a user signed in
 * successfully is that user's <i>known</i> address, and guesses from anywhere else do not slow the
 * user down there (OWASP's "device cookie" idea, with the address as the device). An attacker
 * sharing that address (the same NAT) meets the pair's own back-off instead. Guesses at one user
 * from everywhere else share one counter, so however many addresses they come from they get about
 * one try per {@code max-delay}. An attempt that must wait is refused without checking the password
 * and does not count, so waiting attempts cannot push the wait further out, and cost no hashing. A
 * successful sign-in forgets the user name's and the pair's failures (not the address's: one good
 * account must not buy an address more guesses at others); a counter without a failure for a day is
 * forgotten.
 *
 * <p>Memory is bounded by {@link SignInSettings#tracked} counters and as many known pairs, the
 * least recently used forgotten first; user names are cut to {@value #MAX_NAME} characters. What is
 * forgotten is lost at a restart too: counting is per process, in memory.
 *
 * <p>Thread-safe: every method holds this object's lock, briefly (no I/O, no hashing).
 */
final class SignInThrottle {

  /** A counter without a failure for this long starts again from zero. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  /** The first wait once the free failures are used up. */
  static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  /** Longest user name kept as a key; longer ones cannot exist (user names have at most 100). */
  static final int MAX_NAME = 100;

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final SignInSettings settings;
  private final Clock clock;
  private final Map<String, Counter> counters;
  private final Map<String, Instant> knownPairs;

  SignInThrottle(SignInSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.counters = bounded(settings.tracked());
    this.knownPairs = bounded(settings.tracked());
  }

  /**
   * How long an attempt to sign in as {@code username} from {@code source} must still wait; empty
   * when it may go ahead now.
   */
  synchronized Optional<Duration> waitFor(String username, String source) {
    Instant now = clock.instant();
    Instant allowed = Instant.MIN;
    for (Key key : keys(username, source)) {
      Counter counter = counters.get(key.name());
      if (counter != null) {
        Instant at = counter.allowedAt(key.free(), settings.maxDelay());
        allowed = at.isAfter(allowed) ? at : allowed;
      }
    }
    return allowed.isAfter(now) ? Optional.of(Duration.between(now, allowed)) : Optional.empty();
  }

  /** Counts a failed attempt (one that was not made to wait). */
  synchronized void failed(String username, String source) {
    Instant now = clock.instant();
    for (Key key : keys(username, source)) {
      Counter counter = counters.remove(key.name());
      if (counter == null || counter.last.plus(FORGET_AFTER).isBefore(now)) {
        counter = new Counter();
      }
      counter.failures++;
      counter.last = now;
      counters.put(key.name(), counter); // re-inserted: the most recently used
    }
  }

  /**
   * Forgets the user name's and the pair's failures, and makes the source a known address of the
   * user.
   */
  synchronized void succeeded(String username, String source) {
    String user = user(username);
    String pair = pair(user, source(source));
    counters.remove("user " + user);
    counters.remove(pair);
    knownPairs.remove(pair);
    knownPairs.put(pair, clock.instant());
  }

  /** How many counters are kept now, for tests of the bound. */
  synchronized int tracked() {
    return counters.size();
  }

  private Key[] keys(String username, String source) {
    String user = user(username);
    String address = source(source);
    String pair = pair(user, address);
    if (knownPairs.containsKey(pair)) {
      return new Key[] {new Key(pair, settings.userFailures())};
    }
    return new Key[] {
      new Key("user " + user, settings.userFailures()),
      new Key("source " + address, settings.sourceFailures())
    };
  }

  private static String pair(String user, String address) {
    return "pair " + address + " " + user;
  }

  /** The user name as a key: stripped, lower-cased like stored names, and cut. */
  static String user(String username) {
    String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
  }

  /**
   * The source address as a key: an IPv4 address as it is, an IPv6 address as its /64, which one
   * host usually has whole (RFC 7934 §6, hosts that pick addresses of their own).
   */
  static String source(String address) {
    if (address == null || !IP_LITERAL.matcher(address).matches()) {
      return "unknown";
    }
    try {
      // A literal (checked above), so this never asks DNS.
      InetAddress parsed = InetAddress.getByName(address);
      if (parsed instanceof Inet6Address) {
        byte[] bytes = parsed.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
          prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
          prefix.append(':');
        }
        return prefix.append(":/64").toString();
      }
      return parsed.getHostAddress();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  private static <V> Map<String, V> bounded(int max) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  /** A counter's name and how many failures it lets through before the back-off. */
  private record Key(String name, int free) {}

  /** Failures in a row of one user name, address or pair, and when the last one was. */
  private static final class Counter {
    int failures;
    Instant last;

    /** When the next attempt may go ahead. */
    Instant allowedAt(int free, Duration max) {
      if (failures < free) {
        return Instant.MIN;
      }
      int doublings = Math.min(failures - free, 30);
      Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
      return last.plus(delay.compareTo(max) > 0 ? max : delay);
    }
  }
}
