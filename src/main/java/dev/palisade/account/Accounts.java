package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.Networks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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

  /**
   * Why an account cannot have a zone label it asked for, whoever holds it and whatever the reason:
   * the same answer for a label of one's own, of another account or of no one (it names only the
   * asking account's own namespace).
   */
  static String labelUnavailable(String slug) {
    return "this zone label is not available: account '"
        + slug
        + "' may choose '"
        + slug
        + "' or a label starting with '"
        + slug
        + "-' that is not in use, or omit the label for a random one";
  }

  /** The most characters of an account's display name (its database column). */
  static final int MAX_NAME = 200;

  private final AccountRepository accounts;
  private final MailServerRepository servers;
  private final ScopeRepository scopes;
  private final SerialSequence serials;
  private final ApplicationEventPublisher events;
  private final AuditLog audit;
  private final Clock clock;
  private final ScopeSerials scopeSerials;
  private final ChangeLog changeLog;
  private final LabelClaims claims;
  private final RetiredLabelRepository retired;
  private final LabelSettings labelSettings;

  Accounts(
      AccountRepository accounts,
      MailServerRepository servers,
      ScopeRepository scopes,
      SerialSequence serials,
      ApplicationEventPublisher events,
      AuditLog audit,
      Clock clock,
      ScopeSerials scopeSerials,
      ChangeLog changeLog,
      LabelClaims claims,
      RetiredLabelRepository retired,
      LabelSettings labelSettings) {
    this.accounts = accounts;
    this.servers = servers;
    this.scopes = scopes;
    this.serials = serials;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
    this.scopeSerials = scopeSerials;
    this.changeLog = changeLog;
    this.claims = claims;
    this.retired = retired;
    this.labelSettings = labelSettings;
  }

  /**
   * Creates an account and its account-wide scope, labelled with the slug. The slug must leave
   * namespaces disjoint ({@link LabelClaims#checkNewAccount}).
   */
  @Transactional
  public Account createAccount(String slug, String name, Actor actor) {
    String checked = ZoneLabels.checkName("account slug", slug, MAX_SLUG);
    if (accounts.findBySlug(checked).isPresent()) {
      throw new ConflictException("account '" + checked + "' already exists");
    }
    claims.checkNewAccount(checked);
    String displayName =
        name == null || name.isBlank()
            ? checked
            : DisplayNames.check("an account name", name, MAX_NAME);
    Account account = accounts.save(new Account(checked, displayName, clock.instant()));
    Scope scope = scopes.save(new Scope(account.getId(), null, checked, serials.next()));
    record(actor, account.getId(), "CREATE", "ACCOUNT", account.getId(), "account " + checked);
    announce(Set.of(scope.getId()));
    return account;
  }

  /**
   * Creates a mail server of an account and its scope, labelled {@code <slug>-<name>}: a label of
   * the account's namespace, or its own reserved one, that no scope uses.
   */
  @Transactional
  public MailServer createServer(long accountId, String name, Actor actor) {
    Account account = account(accountId);
    String checked = ZoneLabels.checkName("mail server name", name, MAX_SERVER_NAME);
    if (servers.findByAccountIdAndName(accountId, checked).isPresent()) {
      throw new ConflictException(
          "account '" + account.getSlug() + "' already has a mail server '" + checked + "'");
    }
    String label = ZoneLabels.serverLabel(account.getSlug(), checked);
    claims
        .refusal(account, label, false, null)
        .ifPresent(
            why -> {
              // Says neither whose the label is nor why: another account's label must not be
              // confirmed to exist.
              throw new ConflictException(
                  "the zone label '"
                      + label
                      + "' of a mail server named '"
                      + checked
                      + "' is not available; choose another name");
            });
    claims.take(account, label);
    MailServer server = servers.save(new MailServer(accountId, checked, clock.instant()));
    Scope scope = scopes.save(new Scope(accountId, server.getId(), label, serials.next()));
    record(
        actor,
        accountId,
        "CREATE",
        "MAIL_SERVER",
        server.getId(),
        "mail server " + account.getSlug() + "/" + checked + " (zone label " + label + ")");
    announce(Set.of(scope.getId()));
    return server;
  }

  /**
   * Deletes an account with its servers, scopes and entries. Its zone labels stay reserved to it
   * ({@link RetiredLabel}) until an operator frees them.
   */
  @Transactional
  public void deleteAccount(long accountId, Actor actor) {
    scopeSerials.lockAccount(accountId); // before the rows the deletion locks: as writes do
    Account account = account(accountId);
    scopes
        .findByAccountId(accountId)
        .forEach(
            scope -> {
              claims.endOverlaps(scope.getId());
              claims.retire(account, scope.getZoneLabel());
            });
    accounts.delete(account);
    accounts.flush();
    record(actor, accountId, "DELETE", "ACCOUNT", accountId, "account " + account.getSlug());
    announce();
  }

  /**
   * Deletes a mail server with its scope and entries. Its zone label stays reserved to its account.
   */
  @Transactional
  public void deleteServer(long serverId, Actor actor) {
    MailServer server = server(serverId);
    scopeSerials.lockAccount(server.getAccountId()); // before the rows the deletion locks
    scopes
        .findByMailServerId(serverId)
        .ifPresent(
            scope -> {
              claims.endOverlaps(scope.getId());
              claims.retire(account(server.getAccountId()), scope.getZoneLabel());
            });
    servers.delete(server);
    servers.flush();
    record(
        actor,
        server.getAccountId(),
        "DELETE",
        "MAIL_SERVER",
        serverId,
        "mail server " + server.getName());
    announce();
  }

  /** Changes an account's display name; its slug and zone labels stay. */
  @Transactional
  public Account renameAccount(long accountId, String name, Actor actor) {
    Account account = account(accountId);
    String checked = DisplayNames.check("an account name", name, MAX_NAME);
    String before = account.getName();
    account.rename(checked);
    record(
        actor,
        accountId,
        "UPDATE",
        "ACCOUNT",
        accountId,
        "account "
            + account.getSlug()
            + " renamed from '"
            + before
            + "' to '"
            + name.strip()
            + "'");
    return account;
  }

  /**
   * Renames a mail server. Its zone label stays, because resolvers and mail servers out there query
   * it; give it a new one with {@link #changeLabel}.
   */
  @Transactional
  public MailServer renameServer(long serverId, String name, Actor actor) {
    MailServer server = server(serverId);
    String checked = ZoneLabels.checkName("mail server name", name, MAX_SERVER_NAME);
    if (!checked.equals(server.getName())
        && servers.findByAccountIdAndName(server.getAccountId(), checked).isPresent()) {
      throw new ConflictException("the account already has a mail server '" + checked + "'");
    }
    String before = server.getName();
    server.rename(checked);
    record(
        actor,
        server.getAccountId(),
        "UPDATE",
        "MAIL_SERVER",
        serverId,
        "mail server renamed from " + before + " to " + checked);
    return server;
  }

  /**
   * Gives a scope a new zone label: the one asked for, or a random one when {@code label} is null,
   * so that only those who know the label can query the lists. An operator may choose any free
   * label; anyone else one of the account's namespace or its own reserved one ({@link
   * LabelClaims}). The old label stays reserved to the account and keeps answering for the scope,
   * exactly as the new one does, for {@code overlap} (null: {@code palisade.labels.overlap}); then
   * it answers NXDOMAIN ({@link LabelOverlaps}).
   *
   * @throws ConflictException if the label cannot be had: for operators with the reason, for anyone
   *     else with {@link #labelUnavailable}, the same whatever the reason
   * @throws IllegalArgumentException if the overlap is negative or longer than {@link
   *     LabelSettings#MAX_OVERLAP}
   */
  @Transactional
  public ScopeInfo changeLabel(
      long scopeId, String label, Duration overlap, Caller caller, Actor actor) {
    Duration keep =
        overlap == null ? labelSettings.overlap() : LabelSettings.check("the overlap", overlap);
    // Locked before it is read, as entry writes lock it: the new serial then comes after every
    // serial committed for the scope, and no entry write takes one until this one has committed.
    scopeSerials.lock(scopeId);
    Scope scope =
        scopes
            .findById(scopeId)
            .orElseThrow(() -> new NotFoundException("scope " + scopeId + " not found"));
    Account owner = account(scope.getAccountId());
    String checked =
        label == null
            ? ZoneLabels.random()
            : ZoneLabels.checkName("zone label", label, ZoneLabels.MAX_LABEL);
    if (!checked.equals(scope.getZoneLabel())) {
      refusal(owner, checked, label == null, scope.getId(), caller)
          .ifPresent(
              why -> {
                throw new ConflictException(why);
              });
      claims.take(owner, checked);
      String before = scope.getZoneLabel();
      Instant until = clock.instant().plus(keep);
      claims.retire(owner, before, scope.getId(), until);
      long previousSerial = scope.getSerial();
      long serial = serials.next();
      scope.relabel(checked, serial);
      // The zone's serial moves on, its entries stay: the feed says so, so others need not reload.
      changeLog.serialOnly(scope.getId(), previousSerial, serial);
      record(
          actor,
          scope.getAccountId(),
          "UPDATE",
          scope.getMailServerId() == null ? "ACCOUNT" : "MAIL_SERVER",
          scope.getMailServerId() == null ? scope.getAccountId() : scope.getMailServerId(),
          "zone label changed from "
              + before
              + " to "
              + checked
              + (keep.isZero()
                  ? "; " + before + " stopped answering"
                  : "; " + before + " answers as before until " + until));
      announce();
    }
    return info(scope);
  }

  /**
   * Why {@link #changeLabel} would refuse the label for the scope, in its words; empty when it
   * would not (or the label is the scope's own, or null for a random one). For asking before a
   * change is confirmed.
   *
   * @throws IllegalArgumentException if the label is not a valid label
   */
  @Transactional(readOnly = true)
  public Optional<String> labelRefusal(long scopeId, String label, Caller caller) {
    if (label == null) {
      return Optional.empty();
    }
    Scope scope =
        scopes
            .findById(scopeId)
            .orElseThrow(() -> new NotFoundException("scope " + scopeId + " not found"));
    String checked = ZoneLabels.checkName("zone label", label, ZoneLabels.MAX_LABEL);
    if (checked.equals(scope.getZoneLabel())) {
      return Optional.empty();
    }
    return refusal(account(scope.getAccountId()), checked, false, scopeId, caller);
  }

  /** Why the owner may not take the label, as the caller may be told; empty when it may. */
  private Optional<String> refusal(
      Account owner, String label, boolean random, long scopeId, Caller caller) {
    return claims
        .refusal(owner, label, caller.operator() || random, scopeId)
        .map(
            why ->
                caller.operator()
                    ? "zone label '" + label + "' is not available: " + why
                    : labelUnavailable(owner.getSlug()));
  }

  /**
   * Sets a mail server's own addresses (null or blank: none), which no entry may block for it. The
   * caller checks first that no entry blocks them now (the entries are not this package's).
   *
   * @throws dev.palisade.dnsbl.InvalidEntryException naming a value that is not an address or
   *     network
   */
  @Transactional
  public MailServer setOwnAddresses(long serverId, String text, Actor actor) {
    MailServer server = server(serverId);
    Networks networks = text == null || text.isBlank() ? null : Networks.parse(text);
    Networks before = server.getOwnAddresses();
    if (!Objects.equals(networks, before)) {
      server.ownAddresses(networks);
      record(
          actor,
          server.getAccountId(),
          "UPDATE",
          "MAIL_SERVER",
          serverId,
          "own addresses of mail server "
              + server.getName()
              + (networks == null ? " removed" : " set to " + networks.text()));
    }
    return server;
  }

  /** The account with this slug; {@link NotFoundException} naming it otherwise. */
  @Transactional(readOnly = true)
  public Account accountBySlug(String slug) {
    String lower = slug == null ? "" : slug.toLowerCase(Locale.ROOT);
    return accounts
        .findBySlug(lower)
        .orElseThrow(() -> new NotFoundException("account '" + slug + "' not found"));
  }

  /** The mail server of an account with this name; {@link NotFoundException} otherwise. */
  @Transactional(readOnly = true)
  public MailServer serverByName(long accountId, String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return servers
        .findByAccountIdAndName(accountId, lower)
        .orElseThrow(() -> new NotFoundException("mail server '" + name + "' not found"));
  }

  @Transactional(readOnly = true)
  public MailServer server(long serverId) {
    return servers
        .findById(serverId)
        .orElseThrow(() -> new NotFoundException("mail server " + serverId + " not found"));
  }

  @Transactional(readOnly = true)
  public Account account(long accountId) {
    return accounts
        .findById(accountId)
        .orElseThrow(() -> new NotFoundException("account " + accountId + " not found"));
  }

  @Transactional(readOnly = true)
  public List<Account> allAccounts() {
    return accounts.findAll();
  }

  @Transactional(readOnly = true)
  public List<MailServer> servers(long accountId) {
    return servers.findByAccountIdOrderByName(accountId);
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

  /**
   * A scope with its account's and server's names; {@link NotFoundException} if none. One
   * statement: every write reads it for its audit records.
   */
  @Transactional(readOnly = true)
  public ScopeDetails describe(long scopeId) {
    return scopes
        .findDetails(scopeId)
        .orElseThrow(() -> new NotFoundException("scope " + scopeId + " not found"));
  }

  /**
   * The scope an account slug and, when not null, a mail server name denote, in one statement;
   * empty when the account or the server does not exist. Names are compared in lower case, as
   * {@link #accountBySlug} and {@link #serverByName} do.
   */
  @Transactional(readOnly = true)
  public Optional<ScopeDetails> findScope(String slug, String serverName) {
    if (slug == null) {
      return Optional.empty();
    }
    String lowerSlug = slug.toLowerCase(Locale.ROOT);
    return serverName == null
        ? scopes.findAccountDetails(lowerSlug)
        : scopes.findServerDetails(lowerSlug, serverName.toLowerCase(Locale.ROOT));
  }

  /** Every scope, as DNS sees them. */
  @Transactional(readOnly = true)
  public List<ScopeInfo> allScopes() {
    Instant now = clock.instant();
    Map<Long, List<String>> formerLabels = new HashMap<>();
    for (RetiredLabel overlap : retired.findByScopeIdIsNotNull()) {
      if (overlap.answersAt(now)) {
        ScopeRow.addFormerLabel(formerLabels, overlap.getScopeId(), overlap.getZoneLabel());
      }
    }
    return ScopeRow.toInfos(
        scopes.findAll().stream()
            .map(
                scope ->
                    new ScopeRow(
                        scope.getId(),
                        scope.getAccountId(),
                        scope.getMailServerId(),
                        scope.getZoneLabel(),
                        scope.getSerial(),
                        scope.getAllowQuery()))
            .toList(),
        formerLabels);
  }

  /**
   * Finds the target's scope, gives it a new serial, higher than any before, and locks the scope's
   * row until the calling transaction ends — so changes to one scope are serialized across nodes
   * too — in one statement; then lets the target refuse the scope it found. Throws the target's
   * {@link WriteTarget#missing()} when there is no such scope. Must be called inside the
   * transaction that changes the scope's entries, before it changes anything.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public SerialBump bumpSerial(WriteTarget target) {
    // Plain JDBC: it is the first statement of every entry write, and as a JPA update it would
    // flush and clear the persistence context for nothing. A scope loaded earlier in the same
    // transaction keeps its old serial; nothing reads it there.
    SerialBump bump = scopeSerials.bump(target);
    if (bump == null) {
      throw target.missing();
    }
    target.admit(bump.scope());
    return bump;
  }

  private void record(
      Actor actor, long accountId, String action, String type, long id, String summary) {
    audit.record(AuditRecord.of(clock.instant(), accountId, actor, action, type, id, summary));
  }

  private ScopeInfo info(Scope scope) {
    Long accountScopeId =
        scope.getMailServerId() == null
            ? null
            : scopes
                .findByAccountIdAndMailServerIdIsNull(scope.getAccountId())
                .map(Scope::getId)
                .orElseThrow();
    Instant now = clock.instant();
    return new ScopeInfo(
        scope.getId(),
        scope.getZoneLabel(),
        accountScopeId,
        scope.getSerial(),
        ScopeRow.queryAcl(scope.getZoneLabel(), scope.getAllowQuery()),
        retired.findByScopeIdOrderByZoneLabel(scope.getId()).stream()
            .filter(overlap -> overlap.answersAt(now))
            .map(RetiredLabel::getZoneLabel)
            .toList());
  }

  private void announce() {
    announce(Set.of());
  }

  /**
   * Announces the scopes as they are now, after commit, to this node's index and through the change
   * feed to the other nodes: for a change to scopes made elsewhere in this package ({@link
   * QueryAcls}). Must run inside that change's transaction.
   */
  void announceScopes() {
    announce(Set.of());
  }

  /** Tells this node's index after commit, and the other nodes through the change feed. */
  private void announce(Set<Long> created) {
    scopes.flush();
    long serial = serials.next();
    changeLog.scopes(serial);
    events.publishEvent(new ScopesChanged(allScopes(), serial, created));
  }
}
