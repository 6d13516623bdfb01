package dev.palisade.index;

import dev.palisade.dnsbl.Networks;
import dev.palisade.dnsbl.ValueType;

/**
 * The {@link ZoneView} of one scope: its own tables and, for a mail server, its account's tables,
 * combined under the decision rule (DESIGN §2): the most specific match wins; on a tie the server's
 * entry wins; within one scope allow beats exclusion beats block (resolved inside each table's
 * cells).
 *
 * <p>Immutable; safe for any number of threads. Lookups allocate only the returned verdict; the
 * {@link VerdictSlot} variants allocate nothing.
 */
final class ScopeView implements ZoneView {

  private final String label;
  private final long serial;
  private final Networks allowQuery;
  private final ScopeTables own;
  private final boolean server;

  /** The account's tables for a mail server scope; null for an account scope. */
  private final ScopeTables account;

  /**
   * @param allowQuery the query ACL in force for the scope (its own, else its account's), or null
   */
  ScopeView(
      String label,
      long serial,
      Networks allowQuery,
      ScopeTables own,
      boolean server,
      ScopeTables account) {
    this.label = label;
    this.serial = serial;
    this.allowQuery = allowQuery;
    this.own = own;
    this.server = server;
    this.account = account;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public long serial() {
    return serial;
  }

  @Override
  public Networks allowQuery() {
    return allowQuery;
  }

  @Override
  public Verdict ip4(int address) {
    return ip4Within(address, 32);
  }

  @Override
  public Verdict ip4Within(int address, int longest) {
    long ownMatch = own.ip4().matchBetween(address, -1, longest);
    long accountMatch = accountIp4(address, ownMatch, longest);
    if (accountMatch != Ip4Table.NONE) {
      return account.ip4().verdict(address, accountMatch, false);
    }
    return ownMatch == Ip4Table.NONE ? null : own.ip4().verdict(address, ownMatch, server);
  }

  @Override
  public boolean ip4(int address, VerdictSlot out) {
    long ownMatch = own.ip4().match(address);
    long accountMatch = accountIp4(address, ownMatch, 32);
    if (accountMatch != Ip4Table.NONE) {
      account.ip4().fill(accountMatch, out);
      out.serverEntry(false);
      return true;
    }
    if (ownMatch == Ip4Table.NONE) {
      return false;
    }
    own.ip4().fill(ownMatch, out);
    out.serverEntry(server);
    return true;
  }

  @Override
  public Verdict ip6(long high, long low) {
    return ip6Within(high, low, 128);
  }

  @Override
  public Verdict ip6Within(long high, long low, int longest) {
    long ownMatch = own.ip6().matchBetween(high, low, -1, longest);
    long accountMatch = accountIp6(high, low, ownMatch, longest);
    if (accountMatch != Ip6Table.NONE) {
      return account.ip6().verdict(high, low, accountMatch, false);
    }
    return ownMatch == Ip6Table.NONE ? null : own.ip6().verdict(high, low, ownMatch, server);
  }

  @Override
  public boolean ip6(long high, long low, VerdictSlot out) {
    long ownMatch = own.ip6().match(high, low);
    long accountMatch = accountIp6(high, low, ownMatch, 128);
    if (accountMatch != Ip6Table.NONE) {
      account.ip6().fill(accountMatch, out);
      out.serverEntry(false);
      return true;
    }
    if (ownMatch == Ip6Table.NONE) {
      return false;
    }
    own.ip6().fill(ownMatch, out);
    out.serverEntry(server);
    return true;
  }

  @Override
  public Verdict domain(String name) {
    if (name == null) {
      return null;
    }
    long ownMatch = own.domains().match(name);
    long accountMatch = accountDomain(name, ownMatch);
    if (accountMatch != DomainTable.NONE) {
      return account.domains().verdict(name, accountMatch, false);
    }
    return ownMatch == DomainTable.NONE ? null : own.domains().verdict(name, ownMatch, server);
  }

  @Override
  public boolean domain(CharSequence name, VerdictSlot out) {
    if (name == null) {
      return false;
    }
    long ownMatch = own.domains().match(name);
    long accountMatch = accountDomain(name, ownMatch);
    if (accountMatch != DomainTable.NONE) {
      account.domains().fill(accountMatch, out);
      out.serverEntry(false);
      return true;
    }
    if (ownMatch == DomainTable.NONE) {
      return false;
    }
    own.domains().fill(ownMatch, out);
    out.serverEntry(server);
    return true;
  }

  /*
   * The decision rule between the two scopes, once per family: the account's match wins only when
   * it is strictly more specific than the scope's own, because on a tie the server's entry wins.
   * Each returns the account's winning match, or NONE when the scope's own match (if any) stands.
   */

  private long accountIp4(int address, long ownMatch, int longest) {
    if (account == null) {
      return Ip4Table.NONE;
    }
    int floor = ownMatch == Ip4Table.NONE ? -1 : (int) (ownMatch >>> 32);
    return account.ip4().matchBetween(address, floor, longest);
  }

  private long accountIp6(long high, long low, long ownMatch, int longest) {
    if (account == null) {
      return Ip6Table.NONE;
    }
    int floor = ownMatch == Ip6Table.NONE ? -1 : (int) (ownMatch >>> 32);
    return account.ip6().matchBetween(high, low, floor, longest);
  }

  private long accountDomain(CharSequence name, long ownMatch) {
    if (account == null) {
      return DomainTable.NONE;
    }
    long accountMatch = account.domains().match(name);
    boolean stronger =
        accountMatch != DomainTable.NONE
            && (ownMatch == DomainTable.NONE
                || DomainTable.specificity(accountMatch) > DomainTable.specificity(ownMatch));
    return stronger ? accountMatch : DomainTable.NONE;
  }

  /**
   * The tables' walk over {@code "." + name}: its first label is empty, so no entry names it, and
   * what matches it is what matches every name below {@code name} that no entry names.
   */
  @Override
  public Verdict domainBelow(String name) {
    return name == null ? null : domain("." + name);
  }

  @Override
  public void forEachAnswer(ValueType type, AnswerSink ownSink, AnswerSink accountSink) {
    own.forEachAnswer(type, ownSink);
    if (account != null) {
      account.forEachAnswer(type, accountSink);
    }
  }

  @Override
  public boolean hasDomainsBelow(String name) {
    return hasDomainsBelow((CharSequence) name);
  }

  @Override
  public boolean hasDomainsBelow(CharSequence name) {
    if (name == null) {
      return false;
    }
    return own.domains().hasDomainsBelow(name)
        || (account != null && account.domains().hasDomainsBelow(name));
  }

  @Override
  public String toString() {
    return "ScopeView[" + label + ", serial " + serial + "]";
  }
}
