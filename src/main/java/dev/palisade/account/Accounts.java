package dev.palisade.account;

import dev.palisade.system.ConflictException;
import dev.palisade.system.NotFoundException;
import java.time.Clock;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and removes accounts and mail servers together with their scopes, and announces every
 * committed change to the set of scopes as a {@link ScopesChanged}.
 *
 * <p>Thread-safe; each public method is one transaction.
 */
@Service
public class Accounts {

  static final int MAX_SLUG = 30;
  static final int MAX_SERVER_NAME = 30;

  private final AccountRepository accounts;
  private final MailServerRepository servers;
  private final ScopeRepository scopes;
  private final SerialSequence serials;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Accounts(
      AccountRepository accounts,
      MailServerRepository servers,
      ScopeRepository scopes,
      SerialSequence serials,
      ApplicationEventPublisher events,
      Clock clock) {
    this.accounts = accounts;
    this.servers = servers;
    this.scopes = scopes;
    this.serials = serials;
    this.events = events;
    this.clock = clock;
  }

  /** Creates an account and its account-wide scope, labelled with the slug. */
  @Transactional
  public Account createAccount(String slug, String name) {
    String checked = ZoneLabels.checkName("account slug", slug, MAX_SLUG);
    if (accounts.findBySlug(checked).isPresent()) {
      throw new ConflictException("account '" + checked + "' already exists");
    }
    requireFreeLabel(checked);
    String displayName = name == null || name.isBlank() ? checked : name.strip();
    Account account = accounts.save(new Account(checked, displayName, clock.instant()));
    scopes.save(new Scope(account.getId(), null, checked, serials.next()));
    announce();
    return account;
  }

  /** Creates a mail server of an account and its scope, labelled {@code <slug>-<name>}. */
  @Transactional
  public MailServer createServer(long accountId, String name) {
    Account account = account(accountId);
    String checked = ZoneLabels.checkName("mail server name", name, MAX_SERVER_NAME);
    if (servers.findByAccountIdAndName(accountId, checked).isPresent()) {
      throw new ConflictException(
          "account '" + account.getSlug() + "' already has a mail server '" + checked + "'");
    }
    String label = ZoneLabels.serverLabel(account.getSlug(), checked);
    requireFreeLabel(label);
    MailServer server = servers.save(new MailServer(accountId, checked, clock.instant()));
    scopes.save(new Scope(accountId, server.getId(), label, serials.next()));
    announce();
    return server;
  }

  /** Deletes an account with its servers, scopes and entries. */
  @Transactional
  public void deleteAccount(long accountId) {
    accounts.delete(account(accountId));
    accounts.flush();
    announce();
  }

  /** Deletes a mail server with its scope and entries. */
  @Transactional
  public void deleteServer(long serverId) {
    MailServer server =
        servers
            .findById(serverId)
            .orElseThrow(() -> new NotFoundException("mail server " + serverId + " not found"));
    servers.delete(server);
    servers.flush();
    announce();
  }

  @Transactional(readOnly = true)
  public Account account(long accountId) {
    return accounts
        .findById(accountId)
        .orElseThrow(() -> new NotFoundException("account " + accountId + " not found"));
  }

  /** The account with this slug; {@link NotFoundException} naming the slug otherwise. */
  @Transactional(readOnly = true)
  public Account accountBySlug(String slug) {
    String lower = slug == null ? "" : slug.toLowerCase(java.util.Locale.ROOT);
    return accounts
        .findBySlug(lower)
        .orElseThrow(() -> new NotFoundException("account '" + slug + "' not found"));
  }

  /**
   * The mail server of an account with this name; {@link NotFoundException} naming it otherwise.
   */
  @Transactional(readOnly = true)
  public MailServer serverByName(long accountId, String name) {
    String lower = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
    return servers
        .findByAccountIdAndName(accountId, lower)
        .orElseThrow(() -> new NotFoundException("mail server '" + name + "' not found"));
  }

  @Transactional(readOnly = true)
  public List<Account> allAccounts() {
    return accounts.findAll();
  }

  @Transactional(readOnly = true)
  public List<MailServer> servers(long accountId) {
    return servers.findByAccountIdOrderByName(accountId);
  }

  /** The scope a zone label names; {@link NotFoundException} naming the label otherwise. */
  @Transactional(readOnly = true)
  public ScopeInfo scopeByLabel(String label) {
    String lower = label == null ? "" : label.toLowerCase(java.util.Locale.ROOT);
    return scopes
        .findByZoneLabel(lower)
        .map(this::info)
        .orElseThrow(() -> new NotFoundException("no scope has the zone label '" + label + "'"));
  }

  /** The account-wide scope of an account. */
  @Transactional(readOnly = true)
  public ScopeInfo accountScope(long accountId) {
    return scopes
        .findByAccountIdAndMailServerIdIsNull(accountId)
        .map(this::info)
        .orElseThrow(() -> new NotFoundException("account " + accountId + " not found"));
  }

  /** The scope of a mail server. */
  @Transactional(readOnly = true)
  public ScopeInfo serverScope(long serverId) {
    return scopes
        .findByMailServerId(serverId)
        .map(this::info)
        .orElseThrow(() -> new NotFoundException("mail server " + serverId + " not found"));
  }

  /** Every scope, as DNS sees them. */
  @Transactional(readOnly = true)
  public List<ScopeInfo> allScopes() {
    List<Scope> all = scopes.findAll();
    java.util.Map<Long, Long> accountScopeIds = new java.util.HashMap<>();
    for (Scope scope : all) {
      if (scope.getMailServerId() == null) {
        accountScopeIds.put(scope.getAccountId(), scope.getId());
      }
    }
    return all.stream()
        .map(
            scope ->
                new ScopeInfo(
                    scope.getId(),
                    scope.getZoneLabel(),
                    scope.getMailServerId() == null
                        ? null
                        : accountScopeIds.get(scope.getAccountId()),
                    scope.getSerial()))
        .toList();
  }

  /**
   * Gives a scope a new serial, higher than any before, and locks the scope's row until the calling
   * transaction ends — so changes to one scope are serialized across nodes too. Must be called
   * inside the transaction that changes the scope's entries.
   */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public long bumpSerial(long scopeId) {
    long serial = serials.next();
    if (scopes.updateSerial(scopeId, serial) != 1) {
      throw new NotFoundException("scope " + scopeId + " not found");
    }
    return serial;
  }

  /** A base-zone serial higher than any before; used once at start-up. */
  public long nextSerial() {
    return serials.next();
  }

  private void requireFreeLabel(String label) {
    if (scopes.existsByZoneLabel(label)) {
      throw new ConflictException("zone label '" + label + "' is already in use");
    }
  }

  private ScopeInfo info(Scope scope) {
    Long accountScopeId =
        scope.getMailServerId() == null
            ? null
            : scopes
                .findByAccountIdAndMailServerIdIsNull(scope.getAccountId())
                .map(Scope::getId)
                .orElseThrow();
    return new ScopeInfo(scope.getId(), scope.getZoneLabel(), accountScopeId, scope.getSerial());
  }

  private void announce() {
    scopes.flush();
    events.publishEvent(new ScopesChanged(allScopes(), serials.next()));
  }
}
