package dev.palisade.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Tells the configured secondaries that a zone changed (DNS NOTIFY, RFC 1996), so they ask for the
 * change at once instead of at their next SOA refresh.
 *
 * <p>Runs on a thread of its own, never a DNS thread. It notices changes in two ways: {@link
 * #wake()}, called when this node commits a change or a scope change (start-up wires the events),
 * and a look every {@link #POLL_MILLIS} at whether the index published a new snapshot — which also
 * catches changes applied from the cluster's change feed. Either way it compares each zone's serial
 * with the one it last announced, and for every zone whose serial moved it sends one NOTIFY to each
 * secondary:
 *
 * <ul>
 *   <li>debounced: at most one round per zone per {@link #DEBOUNCE_MILLIS}; changes in between are
 *       announced together by the next round, with the newest serial;
 *   <li>retried until the secondary answers, after 1, 2, 4 … seconds, at most {@link
 *       #MAX_BACKOFF_MILLIS} apart, for {@link #GIVE_UP_MILLIS} (then one warning; the secondary's
 *       own SOA refresh takes over); a newer serial replaces a NOTIFY not yet answered;
 *   <li>signed with the target's TSIG key when it has one; an answer that is not signed with it, or
 *       comes from another address, does not count;
 *   <li>paced: at most {@link #SENDS_PER_TICK} messages per look, so the first round after a start
 *       (every zone, as a primary tells its secondaries on loading its zones) does not flood them.
 * </ul>
 *
 * <p>Thread-safe: {@link #wake()} may be called from any thread; everything else runs on the
 * notifier's thread. {@link #start()} and {@link #stop()} go with the application context.
 */
public final class Notifier implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  static final long POLL_MILLIS = 100;
  static final long DEBOUNCE_MILLIS = 1000;
  static final long FIRST_RETRY_MILLIS = 1000;
  static final long MAX_BACKOFF_MILLIS = 60_000;
  static final long GIVE_UP_MILLIS = 3_600_000;
  static final int SENDS_PER_TICK = 200;

  /** One secondary: where NOTIFY goes and the key it is signed with (null: unsigned). */
  record Target(InetSocketAddress address, TSIG key) {}

  private final OfferedZones zones;
  private final List<Target> targets;
  private final Supplier<?> version;
  private final Clock clock;
  private final RefusalLog refusals;
  private final Random ids = new Random();

  private final Object lifecycle = new Object();
  private volatile boolean running;
  private volatile boolean woken = true;
  private Thread thread;
  private volatile Selector selector;
  private DatagramChannel channel;

  // The notifier thread's own state.
  private Object seenVersion;
  private final Map<Name, Long> announced = new HashMap<>();
  private final Map<Name, Long> lastRound = new HashMap<>();
  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<Integer, Pending> byId = new HashMap<>();

  /** One NOTIFY awaiting its answer. */
  private static final class Pending {
    final Name zone;
    final Target target;
    final String key;
    SOARecord soa;
    int id = -1;
    int attempts;
    long due;
    long firstSent = -1;
    TSIGRecord sentTsig;

    Pending(Name zone, Target target, String key) {
      this.zone = zone;
      this.target = target;
      this.key = key;
    }
  }

  /**
   * @param version something that changes identity whenever what DNS serves changes (the index's
   *     current snapshot); read every {@link #POLL_MILLIS}
   */
  Notifier(
      OfferedZones zones,
      List<Target> targets,
      Supplier<?> version,
      Clock clock,
      RefusalLog refusals) {
    this.zones = zones;
    this.refusals = refusals;
    this.targets = List.copyOf(targets);
    this.version = version;
    this.clock = clock;
  }

  /** Asks the notifier to look for changed zones now. Cheap; any thread. */
  public void wake() {
    woken = true;
    Selector s = selector;
    if (s != null) {
      s.wakeup();
    }
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (running || targets.isEmpty()) {
        return;
      }
      try {
        selector = Selector.open();
        channel = DatagramChannel.open();
        channel.bind(null);
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
      } catch (IOException e) {
        throw new IllegalStateException("cannot open a UDP socket for NOTIFY", e);
      }
      running = true;
      thread = new Thread(this::run, "transfer-notify");
      thread.setDaemon(true);
      thread.start();
      log.info("NOTIFY to {} secondaries: {}", targets.size(), describe());
    }
  }

  @Override
  public void stop() {
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      selector.wakeup();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(65535);
    while (running) {
      try {
        long now = clock.millis();
        long wait = Math.max(1, Math.min(POLL_MILLIS, nextDue() - now));
        selector.select(wait);
        selector.selectedKeys().clear();
        receive(buffer);
        Object current = version.get();
        if (woken || current != seenVersion) {
          woken = false;
          seenVersion = current;
          scan();
        }
        sendDue();
      } catch (Exception e) {
        if (running) {
          log.warn("NOTIFY round failed; trying again", e);
          pause();
        }
      }
    }
  }

  /**
   * Compares every zone's serial with the one last announced; schedules a round for each change.
   */
  private void scan() {
    Set<Name> present = new HashSet<>();
    for (Name name : zones.names()) {
      present.add(name);
      Optional<ZoneImage> zone = zones.zone(name);
      if (zone.isEmpty()) {
        continue;
      }
      SOARecord soa = zone.get().soa();
      Long before = announced.put(name, soa.getSerial());
      if (before == null || before != soa.getSerial()) {
        schedule(name, soa);
      }
    }
    announced.keySet().retainAll(present);
    lastRound.keySet().retainAll(present);
    pending.values().removeIf(p -> !present.contains(p.zone) && forget(p));
  }

  private void schedule(Name zone, SOARecord soa) {
    long now = clock.millis();
    long due = Math.max(now, lastRound.getOrDefault(zone, Long.MIN_VALUE / 2) + DEBOUNCE_MILLIS);
    for (Target target : targets) {
      String key = zone + " " + target.address();
      Pending p = pending.get(key);
      if (p == null) {
        p = new Pending(zone, target, key);
        pending.put(key, p);
      } else {
        forget(p); // a newer serial: answers to the older NOTIFY no longer count
      }
      p.soa = soa;
      p.attempts = 0;
      p.firstSent = -1;
      p.due = due;
    }
  }

  /** Drops the pending NOTIFY's message id; returns true so it can serve in removeIf. */
  private boolean forget(Pending p) {
    if (p.id >= 0) {
      byId.remove(p.id);
      p.id = -1;
    }
    return true;
  }

  private long nextDue() {
    long next = Long.MAX_VALUE;
    for (Pending p : pending.values()) {
      next = Math.min(next, p.due);
    }
    return next;
  }

  private void sendDue() throws IOException {
    long now = clock.millis();
    int sent = 0;
    List<Pending> due = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (p.due <= now) {
        due.add(p);
      }
    }
    due.sort((a, b) -> Long.compare(a.due, b.due));
    for (Pending p : due) {
      if (sent >= SENDS_PER_TICK) {
        return;
      }
      if (p.firstSent >= 0 && now - p.firstSent >= GIVE_UP_MILLIS) {
        log.warn(
            "NOTIFY of {} serial {} to {} was never answered; giving up, the secondary's SOA"
                + " refresh will find the change",
            p.zone,
            p.soa.getSerial(),
            p.target.address());
        forget(p);
        pending.remove(p.key);
        continue;
      }
      send(p, now);
      sent++;
    }
  }

  private void send(Pending p, long now) throws IOException {
    forget(p);
    int id;
    do {
      id = ids.nextInt(0x10000);
    } while (byId.containsKey(id));
    Message notify = new Message(id);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    notify.getHeader().setFlag(Flags.AA);
    notify.addRecord(Record.newRecord(p.zone, Type.SOA, DClass.IN), Section.QUESTION);
    notify.addRecord(p.soa, Section.ANSWER); // RFC 1996 §3.7: the new SOA, as a hint
    TSIG key = p.target.key();
    if (key != null) {
      key.apply(notify, null);
      p.sentTsig = notify.getTSIG();
    }
    channel.send(ByteBuffer.wrap(notify.toWire()), p.target.address());
    p.id = id;
    byId.put(id, p);
    if (p.attempts == 0) {
      p.firstSent = now;
      lastRound.put(p.zone, now);
    }
    p.attempts++;
    p.due = now + Math.min(MAX_BACKOFF_MILLIS, FIRST_RETRY_MILLIS << Math.min(16, p.attempts - 1));
  }

  private void receive(ByteBuffer buffer) throws IOException {
    while (true) {
      buffer.clear();
      SocketAddress from = channel.receive(buffer);
      if (from == null) {
        return;
      }
      buffer.flip();
      byte[] wire = new byte[buffer.remaining()];
      buffer.get(wire);
      Message answer;
      try {
        answer = new Message(wire);
      } catch (IOException | RuntimeException e) {
        continue; // not a DNS message: ignored
      }
      Pending p = byId.get(answer.getHeader().getID());
      if (p == null
          || !answer.getHeader().getFlag(Flags.QR)
          || answer.getHeader().getOpcode() != Opcode.NOTIFY
          || !from.equals(p.target.address())) {
        continue; // late, spoofed or stray: the retry goes on
      }
      TSIG key = p.target.key();
      if (key != null && key.verify(answer, wire, p.sentTsig) != Rcode.NOERROR) {
        continue; // not signed by the secondary we share the key with
      }
      forget(p);
      pending.remove(p.key);
      if (answer.getRcode() == Rcode.NOERROR) {
        log.debug(
            "NOTIFY of {} serial {} acknowledged by {} after {} attempt(s)",
            p.zone,
            p.soa.getSerial(),
            p.target.address(),
            p.attempts);
      } else {
        // Normal for a zone a catalog consumer has not added yet, and for the catalog at a
        // secondary that is no consumer: logged once per secondary per interval.
        refusals.refused(
            "NOTIFY to " + p.target.address(),
            "NOTIFY of "
                + p.zone
                + " to "
                + p.target.address()
                + " answered "
                + Rcode.string(answer.getRcode())
                + ": the secondary does not serve the zone (yet), or does not allow NOTIFY from"
                + " this host");
      }
    }
  }

  private String describe() {
    List<String> parts = new ArrayList<>();
    for (Target target : targets) {
      parts.add(
          target.address().getAddress().getHostAddress()
              + " port "
              + target.address().getPort()
              + (target.key() == null ? "" : " (TSIG)"));
    }
    return String.join(", ", parts);
  }

  private void close() {
    try {
      channel.close();
      selector.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
