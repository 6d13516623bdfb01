package dev.palisade.listing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.palisade.account.Accounts;
import dev.palisade.account.ChangeLog;
import dev.palisade.account.ScopeDetails;
import dev.palisade.account.SerialBump;
import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.support.FakeTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real {@link ScopeWrites} over fakes, for testing the writes' bodies without a database: every
 * scope is {@link #MX1} (serial 41, bumped to 42) unless its id is one of {@link #missing}, and
 * what was committed, rolled back, audited and announced is kept.
 */
final class KernelFixture {

  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  static final Actor ALICE = new Actor("user:alice#1", "192.0.2.9", "web");
  static final ScopeDetails MX1 = new ScopeDetails(7, 3, "acme", 5L, "mx1", "acme-mx1");
  static final ListingSettings SETTINGS =
      new ListingSettings(
          new ListingSettings.ReturnCodes("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"),
          Duration.ofSeconds(1),
          Duration.ofDays(30),
          20_000,
          100_000);

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final Accounts accounts = mock(Accounts.class);
  final AuditLog audit = mock(AuditLog.class);
  final List<AuditRecord> audited = new ArrayList<>();
  final List<EntriesChanged> announced = new ArrayList<>();
  final FakeTransactions transactionManager = new FakeTransactions();

  /** How each transaction ended: "commit" or "rollback". */
  final List<String> transactions = transactionManager.endings();

  Set<Long> missing = Set.of();

  final ScopeWrites writes =
      new ScopeWrites(
          accounts,
          audit,
          mock(ChangeLog.class),
          new EntryStates(),
          SETTINGS,
          transactionManager,
          event -> announced.add((EntriesChanged) event),
          clock);

  KernelFixture() {
    when(accounts.bumpSerial(any()))
        .thenAnswer(
            call -> {
              WriteTarget target = call.getArgument(0);
              if (target.id() != null && missing.contains(target.id())) {
                throw new NotFoundException("scope " + target.id() + " not found");
              }
              return new SerialBump(MX1, 41, 42);
            });
    doAnswer(
            call -> {
              List<AuditRecord> records = call.getArgument(0);
              audited.addAll(records);
              return null;
            })
        .when(audit)
        .recordChange(anyList(), any());
  }

  /** An entry of scope 7 as its row holds it, with the reason "reason". */
  static Entry stored(
      long id, ListKind kind, String value, Integer returnCode, boolean enabled, Instant expires) {
    EntryValue parsed = EntryValue.parse(value);
    ValueType type = parsed.type();
    return Entry.stored(
        id,
        7,
        kind,
        type,
        parsed.canonical(),
        returnCode,
        "reason",
        enabled,
        expires,
        EntrySource.API,
        "user:alice#1",
        NOW.minusSeconds(60),
        "user:alice#1",
        NOW.minusSeconds(60),
        0);
  }
}
