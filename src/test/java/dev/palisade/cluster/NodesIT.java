package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ChangeLog;
import dev.palisade.audit.Actor;
import dev.palisade.cluster.FeedProgress.Lag;
import dev.palisade.cluster.NodeStatus.State;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The table of nodes on the embedded database, with heartbeats written at chosen moments: when a
 * node is running, stale or stopped, what lag a silent node is shown with, which rows a restarted
 * node replaces, and which rows are forgotten. The running node of the context writes its own row
 * meanwhile; each test uses node names of its own.
 */
@SpringBootTest
@ActiveProfiles("test")
class NodesIT {

  /** Heartbeats every 5 s, so stale after 15 s; rows forgotten after an hour. */
  private static final ClusterSettings SETTINGS =
      TestSettings.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1));

  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Autowired JdbcTemplate jdbc;
  @Autowired ChangeLog changeLog;
  @Autowired Accounts accounts;
  @Autowired Listings listings;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aNodeIsRunningWhileItBeatsThenStaleWithEveryChangeWrittenSinceCountedAsLag() {
    NodeIdentity self = identity("quiet");
    long head = changeLog.head();
    nodes(self, T0).heartbeat(lag(head, 0, Duration.ZERO), T0);
    nodes(self, T0.plusSeconds(3))
        .heartbeat(lag(head, 2, Duration.ofMillis(40)), T0.plusSeconds(3));

    NodeStatus running = one(self, T0.plusSeconds(4));
    assertThat(running.state()).isEqualTo(State.RUNNING);
    assertThat(running.appliedSerial()).isEqualTo(head);
    assertThat(running.lagChanges()).as("as it wrote").isEqualTo(2);
    assertThat(running.lag()).isEqualTo(Duration.ofMillis(40));
    assertThat(running.heartbeatAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(running.startedAt()).isEqualTo(T0);
    assertThat(running.dnsAddress()).isEqualTo("192.0.2.53:53");
    assertThat(running.thisNode()).isTrue();

    // A write after its last heartbeat: the silent node is behind it.
    long account = accounts.createAccount("nodes-" + run, null, Actor.system("test")).getId();
    listings.upsert(
        accounts.accountScope(account).id(),
        List.of(new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.1"), null, null, null)),
        EntrySource.API,
        new Actor("test", "127.0.0.1", "api"));
    Instant later = Instant.now().plusSeconds(60);
    NodeStatus stale = one(self, later);
    assertThat(stale.state()).isEqualTo(State.STALE);
    assertThat(stale.lagChanges()).as("changes after serial %s", head).isGreaterThanOrEqualTo(1);
    assertThat(stale.lag()).isGreaterThanOrEqualTo(Duration.ofSeconds(59));
    // Seen by another node, it is not that node.
    assertThat(
            nodes(identity("other"), later).all().stream()
                .filter(node -> node.name().equals(self.name()))
                .findFirst()
                .orElseThrow()
                .thisNode())
        .isFalse();
  }

  @Test
  void aNodeStoppedGracefullyIsStoppedNotStale() {
    NodeIdentity self = identity("stopping");
    nodes(self, T0).heartbeat(lag(0, 0, Duration.ZERO), T0);
    nodes(self, T0.plusSeconds(1)).stopped(T0.plusSeconds(1));

    assertThat(one(self, T0.plusSeconds(2)).state()).isEqualTo(State.STOPPED);
    assertThat(one(self, T0.plusSeconds(600)).state()).isEqualTo(State.STOPPED);
  }

  @Test
  void aRestartReplacesTheStoppedOrSilentRowsOfItsNameButNotARunningOne() {
    String name = "restarted-" + run;
    NodeIdentity stopped = identity(name, T0);
    NodeIdentity silent = identity(name, T0.plusSeconds(1));
    NodeIdentity running = identity(name, T0.plusSeconds(2));
    nodes(stopped, T0).heartbeat(lag(0, 0, Duration.ZERO), T0);
    nodes(stopped, T0).stopped(T0.plusSeconds(1));
    nodes(silent, T0).heartbeat(lag(0, 0, Duration.ZERO), T0.plusSeconds(1));
    nodes(running, T0).heartbeat(lag(0, 0, Duration.ZERO), T0.plusSeconds(20));

    NodeIdentity next = identity(name, T0.plusSeconds(21));
    Nodes asNext = nodes(next, T0.plusSeconds(21));
    assertThat(asNext.replaceEarlierRuns(T0.plusSeconds(21))).isEqualTo(2);
    assertThat(asNext.nameTakenByAnother(T0.plusSeconds(21))).isTrue();
    asNext.heartbeat(lag(0, 0, Duration.ZERO), T0.plusSeconds(21));

    assertThat(named(name, T0.plusSeconds(22)))
        .extracting(NodeStatus::startedAt)
        .containsExactly(T0.plusSeconds(21), T0.plusSeconds(2));
  }

  @Test
  void rowsSilentForLongerThanTheSettingAreForgotten() {
    NodeIdentity gone = identity("gone");
    NodeIdentity recent = identity("recent");
    nodes(gone, T0).heartbeat(lag(0, 0, Duration.ZERO), T0);
    nodes(recent, T0).heartbeat(lag(0, 0, Duration.ZERO), T0.plusSeconds(1800));

    int forgotten = nodes(recent, T0).forgetGone(T0.plusSeconds(3601));

    assertThat(forgotten).isGreaterThanOrEqualTo(1);
    assertThat(named(gone.name(), T0.plusSeconds(3601))).isEmpty();
    assertThat(named(recent.name(), T0.plusSeconds(3601))).hasSize(1);
  }

  @Test
  void aHeartbeatAfterTheRowWasForgottenWritesItAgain() {
    NodeIdentity self = identity("back");
    nodes(self, T0).heartbeat(lag(0, 0, Duration.ZERO), T0);
    nodes(self, T0).forgetGone(T0.plusSeconds(7200));
    assertThat(named(self.name(), T0.plusSeconds(7200))).isEmpty();

    nodes(self, T0).heartbeat(lag(5, 0, Duration.ZERO), T0.plusSeconds(7201));

    NodeStatus back = one(self, T0.plusSeconds(7202));
    assertThat(back.state()).isEqualTo(State.RUNNING);
    assertThat(back.appliedSerial()).isEqualTo(5);
  }

  @Test
  void aDnsAddressKnownOnlyAfterTheFirstHeartbeatIsShownFromTheNextOne() {
    // The first heartbeat can come before the DNS port is open; the address must not stay empty.
    AtomicReference<String> dns = new AtomicReference<>();
    NodeIdentity self =
        new NodeIdentity(
            UUID.randomUUID().toString(), "late-dns-" + run, "host", "1.0", T0, dns::get);
    nodes(self, T0).heartbeat(lag(0, 0, Duration.ZERO), T0);
    assertThat(one(self, T0.plusSeconds(1)).dnsAddress()).isNull();

    dns.set("192.0.2.53:5353");
    nodes(self, T0).heartbeat(lag(0, 0, Duration.ZERO), T0.plusSeconds(1));

    assertThat(one(self, T0.plusSeconds(2)).dnsAddress()).isEqualTo("192.0.2.53:5353");
  }

  private NodeIdentity identity(String name) {
    return identity(name + "-" + run, T0);
  }

  private static NodeIdentity identity(String name, Instant startedAt) {
    return new NodeIdentity(
        UUID.randomUUID().toString(), name, "host", "1.0", startedAt, () -> "192.0.2.53:53");
  }

  /** The table as {@code self} sees it at {@code now}. */
  private Nodes nodes(NodeIdentity self, Instant now) {
    return new Nodes(jdbc, changeLog, SETTINGS, Clock.fixed(now, ZoneOffset.UTC), self);
  }

  private List<NodeStatus> named(String name, Instant now) {
    return nodes(identity("reader"), now).all().stream()
        .filter(node -> node.name().equals(name))
        .toList();
  }

  private NodeStatus one(NodeIdentity self, Instant now) {
    List<NodeStatus> found =
        nodes(self, now).all().stream().filter(node -> node.name().equals(self.name())).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Lag lag(long applied, long changes, Duration behind) {
    return new Lag(applied, changes, behind, T0, null);
  }
}
