package dev.palisade.index;

/**
 * The {@link ZoneView} of one scope: its own tables and, for a mail server, its account's tables,
 * combined under the decision rule (DESIGN §2): the most specific match wins; on a tie the server's
 * entry wins; within one scope allow beats block (resolved inside each table's cells).
 *
 * <p>Immutable; safe for any number of threads. Lookups allocate only the returned verdict; the
 * {@link VerdictSlot} variants allocate nothing.
 */
final class ScopeView implements ZoneView {

  private final String label;
  private final long serial;
  private final ScopeTables own;
  private final boolean server;

  /** The account's tables for a mail server scope; null for an account scope. */
  private final ScopeTables account;

  ScopeView(String label, long serial, ScopeTables own, boolean server, ScopeTables account) {
    this.label = label;
    this.serial = serial;
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
  public Verdict ip4(int address) {
    Ip4Table ownTable = own.ip4();
    long ownMatch = ownTable.match(address);
    if (account != null) {
      // The account wins only with a strictly longer prefix: on a tie the server's entry wins.
      int floor = ownMatch == Ip4Table.NONE ? -1 : (int) (ownMatch >>> 32);
      Ip4Table accountTable = account.ip4();
      long accountMatch = accountTable.matchLongerThan(address, floor);
      if (accountMatch != Ip4Table.NONE) {
        return accountTable.verdict(address, accountMatch, false);
      }
    }
    return ownMatch == Ip4Table.NONE ? null : ownTable.verdict(address, ownMatch, server);
  }

  @Override
  public Verdict ip6(long high, long low) {
    Ip6Table ownTable = own.ip6();
    long ownMatch = ownTable.match(high, low);
    if (account != null) {
      int floor = ownMatch == Ip6Table.NONE ? -1 : (int) (ownMatch >>> 32);
      Ip6Table accountTable = account.ip6();
      long accountMatch = accountTable.matchLongerThan(high, low, floor);
      if (accountMatch != Ip6Table.NONE) {
        return accountTable.verdict(high, low, accountMatch, false);
      }
    }
    return ownMatch == Ip6Table.NONE ? null : ownTable.verdict(high, low, ownMatch, server);
  }

  @Override
  public Verdict domain(String name) {
    if (name == null) {
      return null;
    }
    DomainTable ownTable = own.domains();
    long ownMatch = ownTable.match(name);
    if (account != null) {
      DomainTable accountTable = account.domains();
      long accountMatch = accountTable.match(name);
      if (accountMatch != DomainTable.NONE
          && (ownMatch == DomainTable.NONE
              || DomainTable.specificity(accountMatch) > DomainTable.specificity(ownMatch))) {
        return accountTable.verdict(name, accountMatch, false);
      }
    }
    return ownMatch == DomainTable.NONE ? null : ownTable.verdict(name, ownMatch, server);
  }

  @Override
  public boolean ip4(int address, VerdictSlot out) {
    Ip4Table ownTable = own.ip4();
    long ownMatch = ownTable.match(address);
    if (account != null) {
      int floor = ownMatch == Ip4Table.NONE ? -1 : (int) (ownMatch >>> 32);
      Ip4Table accountTable = account.ip4();
      long accountMatch = accountTable.matchLongerThan(address, floor);
      if (accountMatch != Ip4Table.NONE) {
        accountTable.fill(accountMatch, out);
        return true;
      }
    }
    if (ownMatch == Ip4Table.NONE) {
      return false;
    }
    ownTable.fill(ownMatch, out);
    return true;
  }

  @Override
  public boolean ip6(long high, long low, VerdictSlot out) {
    Ip6Table ownTable = own.ip6();
    long ownMatch = ownTable.match(high, low);
    if (account != null) {
      int floor = ownMatch == Ip6Table.NONE ? -1 : (int) (ownMatch >>> 32);
      Ip6Table accountTable = account.ip6();
      long accountMatch = accountTable.matchLongerThan(high, low, floor);
      if (accountMatch != Ip6Table.NONE) {
        accountTable.fill(accountMatch, out);
        return true;
      }
    }
    if (ownMatch == Ip6Table.NONE) {
      return false;
    }
    ownTable.fill(ownMatch, out);
    return true;
  }

  @Override
  public boolean domain(String name, VerdictSlot out) {
    if (name == null) {
      return false;
    }
    DomainTable ownTable = own.domains();
    long ownMatch = ownTable.match(name);
    if (account != null) {
      DomainTable accountTable = account.domains();
      long accountMatch = accountTable.match(name);
      if (accountMatch != DomainTable.NONE
          && (ownMatch == DomainTable.NONE
              || DomainTable.specificity(accountMatch) > DomainTable.specificity(ownMatch))) {
        accountTable.fill(accountMatch, out);
        return true;
      }
    }
    if (ownMatch == DomainTable.NONE) {
      return false;
    }
    ownTable.fill(ownMatch, out);
    return true;
  }

  @Override
  public boolean hasDomainsBelow(String name) {
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
