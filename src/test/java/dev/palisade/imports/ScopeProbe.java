package dev.palisade.imports;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.support.Dig;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * What a scope answers and holds, as the tests of writes stored in parts look at it: the i-th
 * address of a generated list ({@code 10.x.y.z}) asked of DNS over UDP, and the scope's serial,
 * audit trail, change feed rows and import runs in the database.
 */
final class ScopeProbe {

  private final JdbcTemplate jdbc;
  private final int dnsPort;

  ScopeProbe(JdbcTemplate jdbc, int dnsPort) {
    this.jdbc = jdbc;
    this.dnsPort = dnsPort;
  }

  /** The i-th address of a generated list: 10.0.0.0, 10.0.0.1, … */
  static String address(int i) {
    return "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
  }

  /** A block entry of the i-th address. */
  static EntryDraft draft(int i) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(address(i)), null, null, null);
  }

  /** The block list's answer for the i-th address, e.g. {@code NXDOMAIN []}. */
  String answer(ScopeInfo scope, int i) {
    return answer(scope, address(i));
  }

  /** The block list's answer for an address given in its usual order. */
  String answer(ScopeInfo scope, String address) {
    String[] octets = address.split("\\.");
    String name =
        octets[3]
            + "."
            + octets[2]
            + "."
            + octets[1]
            + "."
            + octets[0]
            + "."
            + scope.label()
            + ".bl.rbl.palisade.test";
    Message answer = new Dig(dnsPort).udp(name, Type.A);
    return Dig.rcode(answer) + " " + Dig.addresses(answer);
  }

  /** Waits until the scope holds this many entries: a part committed on the writing thread. */
  void awaitStored(ScopeInfo scope, long count) {
    for (int i = 0; i < 6_000; i++) {
      Long stored =
          jdbc.queryForObject(
              "select count(*) from entry where scope_id = ?", Long.class, scope.id());
      if (stored != null && stored >= count) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("the first part was not committed");
  }

  long serial(ScopeInfo scope) {
    return jdbc.queryForObject("select serial from scope where id = ?", Long.class, scope.id());
  }

  /** The entries the audit trail records as changed in the scope: its events' items. */
  long audited(ScopeInfo scope) {
    return jdbc.queryForObject(
        "select coalesce(sum(item_count), 0) from audit_event"
            + " where scope_label = ? and object_type = 'ENTRY'",
        Long.class,
        scope.label());
  }

  /** The audit events of the scope that changed entries. */
  long auditEvents(ScopeInfo scope) {
    return jdbc.queryForObject(
        "select count(*) from audit_event"
            + " where scope_label = ? and object_type = 'ENTRY' and item_count > 0",
        Long.class,
        scope.label());
  }

  /** The scope's rows in the change feed. */
  long changes(ScopeInfo scope) {
    return jdbc.queryForObject(
        "select count(*) from change_log where scope_id = ?", Long.class, scope.id());
  }

  /** The scope's import runs under way: 1 while a write in parts holds it. */
  long runs(ScopeInfo scope) {
    return jdbc.queryForObject(
        "select count(*) from import_run where scope_id = ?", Long.class, scope.id());
  }
}
