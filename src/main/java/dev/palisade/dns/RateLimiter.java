package dev.palisade.dns;

import dev.palisade.dnsbl.EntryValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Response rate limiting (RRL) of UDP answers, in the manner of BIND, Knot and NSD: a token bucket
 * per client network and {@link ResponseClass}, at the rates of {@link RateLimitSettings}. An
 * answer over its bucket's rate is held back: dropped, or every {@code slip}-th one sent as an
 * empty TC=1 answer ({@link SlipAnswer}) so that a real resolver sharing a spoofed network retries
 * over TCP. This bounds what a spoofed flood can make the server send to its victim, and what one
 * network can take.
 *
 * <p>Only UDP is limited. Over TCP the handshake proves the source address, so there is no one to
 * reflect to (BIND's manual says the same; RFC 7766 §10 leaves TCP to connection limits), and TCP
 * is where a slipped resolver goes for its answer.
 *
 * <p>Thread-safe. The buckets live in one fixed {@link BucketTable} shared by the receiving
 * threads, lock-free; each receiving thread asks through its own {@link Gate}, which counts its
 * held back answers for the slip. Per answer: a few arithmetic operations, one set of table slots
 * read and one compare-and-set, no allocation; the clock is read once per batch of queries, and not
 * at all for exempt sources. The counters are for metrics: plain sums, read at any time.
 */
public final class RateLimiter {

  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

  /** How often a line says that answers are being held back; the counters say how many. */
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** The high 96 bits of an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2), in the low half. */
  private static final long MAPPED = 0xffffL << 32;

  private final boolean enabled;
  private final int slip;
  private final long ip4Mask;
  private final long ip6HighMask;
  private final long ip6LowMask;
  private final long[] exemptHigh;
  private final long[] exemptLow;
  private final long[] exemptHighMask;
  private final long[] exemptLowMask;

  /** Microseconds per answer of each class; 0 for an unlimited class. */
  private final long[] interval = new long[ResponseClass.COUNT];

  /** Microseconds of burst of each class: one second's worth of answers. */
  private final long[] tolerance = new long[ResponseClass.COUNT];

  private final BucketTable table;
  private final LongSupplier nanoClock;
  private final long epoch;
  private final long seed0;
  private final long seed1;
  private final LongAdder[] dropped = new LongAdder[ResponseClass.COUNT];
  private final LongAdder[] slipped = new LongAdder[ResponseClass.COUNT];
  private final AtomicLong lastLogged;

  /** A limiter on the system clock, with a secret hash key of its own. */
  RateLimiter(RateLimitSettings settings) {
    this(settings, System::nanoTime, new SecureRandom().nextLong());
  }

  /**
   * A limiter on the given clock and hash key, for tests.
   *
   * @param nanoClock monotonic nanoseconds, as {@link System#nanoTime()}
   * @param seed the key of the bucket hash; an attacker who knew it could aim at a victim's buckets
   */
  RateLimiter(RateLimitSettings settings, LongSupplier nanoClock, long seed) {
    this.enabled = settings.enabled();
    this.slip = settings.slip();
    this.ip4Mask = EntryValue.Ip4Network.mask(settings.ipv4PrefixLength()) & 0xffffffffL;
    this.ip6HighMask = EntryValue.Ip6Network.highMask(settings.ipv6PrefixLength());
    this.ip6LowMask = EntryValue.Ip6Network.lowMask(settings.ipv6PrefixLength());
    List<EntryValue> exempt = settings.exemptNetworks();
    int n = exempt.size();
    exemptHigh = new long[n];
    exemptLow = new long[n];
    exemptHighMask = new long[n];
    exemptLowMask = new long[n];
    for (int i = 0; i < n; i++) {
      if (exempt.get(i) instanceof EntryValue.Ip4Network v4) {
        // Compared as the IPv4-mapped form the sources arrive in.
        exemptLow[i] = MAPPED | (v4.address() & 0xffffffffL);
        exemptHighMask[i] = -1L;
        exemptLowMask[i] =
            0xffffffff00000000L | (EntryValue.Ip4Network.mask(v4.prefixLength()) & 0xffffffffL);
      } else {
        EntryValue.Ip6Network v6 = (EntryValue.Ip6Network) exempt.get(i);
        exemptHigh[i] = v6.high();
        exemptLow[i] = v6.low();
        exemptHighMask[i] = EntryValue.Ip6Network.highMask(v6.prefixLength());
        exemptLowMask[i] = EntryValue.Ip6Network.lowMask(v6.prefixLength());
      }
    }
    for (ResponseClass type : ResponseClass.values()) {
      int rate = settings.perSecond(type);
      int i = type.ordinal();
      if (rate > 0) {
        interval[i] = Math.max(1, Math.round(1_000_000.0 / rate));
        tolerance[i] = interval[i] * (rate - 1);
      }
      dropped[i] = new LongAdder();
      slipped[i] = new LongAdder();
    }
    this.table = new BucketTable(enabled ? settings.tableSize() : 1);
    this.nanoClock = nanoClock;
    this.epoch = nanoClock.getAsLong();
    this.lastLogged = new AtomicLong(epoch - LOG_INTERVAL_NANOS);
    this.seed0 = mix(seed);
    this.seed1 = mix(seed0 ^ 0x9e3779b97f4a7c15L);
  }

  /** Whether answers are limited at all. */
  public boolean enabled() {
    return enabled;
  }

  /** How many buckets the table holds; fixed. */
  int tableCapacity() {
    return table.capacity();
  }

  /** Answers of one class dropped so far. */
  public long dropped(ResponseClass type) {
    return dropped[type.ordinal()].sum();
  }

  /** Answers of one class sent as a truncated slip instead, so far. */
  public long slipped(ResponseClass type) {
    return slipped[type.ordinal()].sum();
  }

  /** Answers dropped so far, of every class. */
  public long dropped() {
    long sum = 0;
    for (LongAdder adder : dropped) {
      sum += adder.sum();
    }
    return sum;
  }

  /** Answers sent as a truncated slip instead, so far, of every class. */
  public long slipped() {
    long sum = 0;
    for (LongAdder adder : slipped) {
      sum += adder.sum();
    }
    return sum;
  }

  /** A gate for one receiving thread. */
  Gate newGate() {
    return new Gate();
  }

  /**
   * One receiving thread's way through the limiter; used by that thread only. Holds its count of
   * answers held back since the last slip, as Knot keeps the slip per thread, not per bucket, and
   * the time of the current batch of queries.
   */
  final class Gate {

    private int heldBack;

    /** Microseconds since the epoch at the current batch, read when first needed; -1 unread. */
    private long batchMicros = -1;

    private long batchNanos;

    private Gate() {}

    /**
     * Starts a batch of queries received together: the answers of one batch are timed alike, so the
     * clock is read at most once per batch (it costs 20 to 100 ns, as much as the rest of the
     * limiter). Call it before the first {@link #limit} of every batch.
     */
    void batch() {
      batchMicros = -1;
    }

    /**
     * Decides whether a UDP answer goes out.
     *
     * @param source the client's address as 16 bytes, an IPv4 client IPv4-mapped ({@code
     *     ::ffff:a.b.c.d})
     * @param answer the answer; rewritten in place when it is to slip
     * @param length the answer's length
     * @return {@code length} to send it as it is, a smaller length to send the slip now in {@code
     *     answer}, or -1 to send nothing
     */
    int limit(byte[] source, byte[] answer, int length) {
      if (!enabled) {
        return length;
      }
      ResponseClass type = ResponseClass.of(answer, length);
      int c = type.ordinal();
      long step = interval[c];
      if (step == 0) {
        return length;
      }
      long high = (long) LONGS.get(source, 0);
      long low = (long) LONGS.get(source, 8);
      if (exempt(high, low)) {
        return length;
      }
      if (high == 0 && (low & 0xffffffff00000000L) == MAPPED) {
        low = MAPPED | (low & ip4Mask);
      } else {
        high &= ip6HighMask;
        low &= ip6LowMask;
      }
      if (batchMicros < 0) {
        batchNanos = nanoClock.getAsLong();
        batchMicros = (batchNanos - epoch) / 1000;
      }
      if (table.admit(hash(high, low, c), batchMicros, step, tolerance[c])) {
        return length;
      }
      held(type, high, low, batchNanos);
      if (slip > 0 && ++heldBack >= slip) {
        heldBack = 0;
        slipped[c].increment();
        return SlipAnswer.truncate(answer, length);
      }
      dropped[c].increment();
      return -1;
    }
  }

  private boolean exempt(long high, long low) {
    for (int i = 0; i < exemptHigh.length; i++) {
      if ((high & exemptHighMask[i]) == exemptHigh[i] && (low & exemptLowMask[i]) == exemptLow[i]) {
        return true;
      }
    }
    return false;
  }

  /** A keyed hash of network and class (murmur3's finaliser, chained; fast, not cryptographic). */
  private long hash(long high, long low, int type) {
    long h = mix(high ^ seed0);
    h = mix(h ^ low ^ seed1);
    return mix(h + type);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Says, at most once a minute, that answers are being held back, and to whom. */
  private void held(ResponseClass type, long high, long low, long nanos) {
    long last = lastLogged.get();
    if (nanos - last < LOG_INTERVAL_NANOS || !lastLogged.compareAndSet(last, nanos)) {
      return;
    }
    log.info(
        "rate limiting UDP answers to {} over palisade.dns.rrl.{}-per-second (other networks are"
            + " not logged for a minute; the counters keep counting)",
        network(high, low),
        type.label());
  }

  private String network(long high, long low) {
    if (high == 0 && (low & 0xffffffff00000000L) == MAPPED) {
      int prefix = Long.bitCount(ip4Mask);
      return new EntryValue.Ip4Network((int) low, prefix).canonical();
    }
    int prefix = Long.bitCount(ip6HighMask) + Long.bitCount(ip6LowMask);
    return new EntryValue.Ip6Network(high, low, prefix).canonical();
  }
}
