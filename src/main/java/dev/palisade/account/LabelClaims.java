package dev.palisade.account;

import dev.palisade.common.ConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may take which zone label. Each account owns a namespace: its slug and every {@code
 * <slug>-<suffix>}. Account slugs never nest ({@link #checkNewAccount}), so no label lies in two
 * namespaces; where accounts created before this rule do nest ({@code bob} and {@code bob-mx}), a
 * label belongs to the longest slug it starts with. A label is free for an account when no scope
 * uses it and it is not reserved to another account ({@link RetiredLabel}); an account that is not
 * chosen by an operator must also own it by namespace, unless it is the account's own reserved
 * label. Random labels ({@link ZoneLabels#random}) lie in no namespace.
 *
 * <p>Thread-safe. Its methods join the caller's transaction. A scope's label is checked first and
 * the reservations second: a label given up by a committing transaction moves from the first to the
 * second in one commit, so under READ COMMITTED it is seen in one place or the other, never in
 * neither. Two claims of one free label at once are settled by the scope's unique constraint.
 */
@Component
public class LabelClaims {

  private final ScopeRepository scopes;
  private final AccountRepository accounts;
  private final RetiredLabelRepository retired;
  private final MailServerRepository servers;
  private final Clock clock;

  LabelClaims(
      ScopeRepository scopes,
      AccountRepository accounts,
      RetiredLabelRepository retired,
      MailServerRepository servers,
      Clock clock) {
    this.scopes = scopes;
    this.accounts = accounts;
    this.servers = servers;
    this.retired = retired;
    this.clock = clock;
  }

  /**
   * Why {@code owner} may not take the label for one of its scopes, for operators' eyes (it may
   * name other accounts); empty when it may.
   *
   * @param anyNamespace whether the label need not lie in the owner's namespace: an operator's
   *     choice, or a random label
   * @param scopeId the scope that wants the label; null for a scope not created yet
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<String> refusal(Account owner, String label, boolean anyNamespace, Long scopeId) {
    Optional<RetiredLabel> reservation = retired.findById(label);
    if (reservation.isPresent()
        && reservation.get().answersAt(clock.instant())
        && !reservation.get().getScopeId().equals(scopeId)) {
      // Its own account's, but mail servers still query it for another scope's lists.
      return Optional.of(
          "it is reserved to account '"
              + reservation.get().getAccountSlug()
              + "' and still answers for other zones of it until "
              + reservation.get().getAnswersUntil()
              + " (an overlap after a new label); end that overlap first");
    }
    boolean ownReservation =
        reservation.isPresent() && reservation.get().getAccountId().equals(owner.getId());
    if (!anyNamespace && !ownReservation) {
      Optional<Account> namespaceOwner = namespaceOwner(label);
      if (namespaceOwner.isEmpty()) {
        return Optional.of("it lies outside the namespace of account '" + owner.getSlug() + "'");
      }
      if (!namespaceOwner.get().getId().equals(owner.getId())) {
        return Optional.of(
            "it lies in the namespace of account '" + namespaceOwner.get().getSlug() + "'");
      }
    }
    if (scopes.existsByZoneLabel(label)) {
      return Optional.of("it is in use");
    }
    // Read again after the scopes: see the class comment.
    reservation = retired.findById(label);
    if (reservation.isPresent() && !reservation.get().getAccountId().equals(owner.getId())) {
      return Optional.of(reserved(reservation.get()));
    }
    return Optional.empty();
  }

  /**
   * Takes a label {@link #refusal} allowed for {@code owner}: its own reservation of the label, if
   * any, ends because the label is in use again.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void take(Account owner, String label) {
    retired
        .findById(label)
        .filter(reservation -> reservation.getAccountId().equals(owner.getId()))
        .ifPresent(retired::delete);
  }

  /** Keeps a label a deleted scope of {@code owner} gave up reserved to that account. */
  @Transactional(propagation = Propagation.MANDATORY)
  void retire(Account owner, String label) {
    retire(owner, label, null, null);
  }

  /**
   * Keeps a label a scope of {@code owner} gives up reserved to that account; when {@code
   * answersUntil} is later than now, the label keeps answering for the scope until then.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void retire(Account owner, String label, Long scopeId, Instant answersUntil) {
    retired.save(
        new RetiredLabel(
            label, owner.getId(), owner.getSlug(), clock.instant(), scopeId, answersUntil));
  }

  /** Ends every overlap of a scope that is being deleted: its old labels stop answering with it. */
  @Transactional(propagation = Propagation.MANDATORY)
  void endOverlaps(long scopeId) {
    retired.findByScopeIdOrderByZoneLabel(scopeId).forEach(RetiredLabel::endOverlap);
  }

  /**
   * Throws {@link ConflictException} unless a new account may have this slug: it lies in no other
   * account's namespace, and the namespace it would own holds no label in use or reserved. So
   * namespaces stay disjoint: {@code bob-mx} cannot join {@code bob}, nor {@code bob} join {@code
   * bob-mx}. Messages name what is in the way: only operators create accounts.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void checkNewAccount(String slug) {
    Optional<Account> around = namespaceOwner(slug);
    if (around.isPresent()) {
      throw slugRefused(
          slug,
          "it lies in the namespace of account '"
              + around.get().getSlug()
              + "' ('"
              + around.get().getSlug()
              + "' and '"
              + around.get().getSlug()
              + "-…')");
    }
    if (scopes.existsByZoneLabel(slug)) {
      throw slugRefused(slug, "it is in use as a zone label");
    }
    Optional<RetiredLabel> reservation = retired.findById(slug);
    if (reservation.isPresent()) {
      throw slugRefused(slug, reserved(reservation.get()));
    }
    String inner = slug + "-";
    Optional<String> inside =
        accounts
            .findFirstBySlugStartingWith(inner)
            .map(Account::getSlug)
            .or(() -> scopes.findFirstByZoneLabelStartingWith(inner).map(Scope::getZoneLabel))
            .or(
                () ->
                    retired
                        .findFirstByZoneLabelStartingWith(inner)
                        .map(RetiredLabel::getZoneLabel));
    if (inside.isPresent()) {
      throw slugRefused(
          slug,
          "the namespace it would own ('"
              + slug
              + "' and '"
              + slug
              + "-…') holds '"
              + inside.get()
              + "', which belongs to another account");
    }
  }

  /**
   * What existing data breaks the namespace rule: labels that lie in another account's namespace
   * (chosen before the rule, or by an operator) and accounts whose slug nests in another's. They
   * keep working — no running list is broken — but the nested namespaces are settled by the longest
   * slug, so operators may want to relabel them.
   */
  @Transactional(readOnly = true)
  public List<LabelConflict> conflicts() {
    Map<String, Account> bySlug = new HashMap<>();
    Map<Long, Account> byId = new HashMap<>();
    for (Account account : accounts.findAll()) {
      bySlug.put(account.getSlug(), account);
      byId.put(account.getId(), account);
    }
    List<LabelConflict> conflicts = new ArrayList<>();
    for (Account account : byId.values()) {
      List<String> around = ZoneLabels.namespacesOf(account.getSlug());
      around.stream()
          .skip(1) // the slug itself
          .map(bySlug::get)
          .filter(Objects::nonNull)
          .max(Comparator.comparingInt(outer -> outer.getSlug().length()))
          .ifPresent(
              outer ->
                  conflicts.add(
                      new LabelConflict(account.getSlug(), account.getSlug(), outer.getSlug())));
    }
    for (Scope scope : scopes.findAll()) {
      ZoneLabels.namespacesOf(scope.getZoneLabel()).stream()
          .map(bySlug::get)
          .filter(Objects::nonNull)
          .max(Comparator.comparingInt(owner -> owner.getSlug().length()))
          .filter(owner -> !owner.getId().equals(scope.getAccountId()))
          .ifPresent(
              owner -> {
                Account holder = byId.get(scope.getAccountId());
                String server =
                    scope.getMailServerId() == null
                        ? ""
                        : servers
                            .findById(scope.getMailServerId())
                            .map(m -> "/" + m.getName())
                            .orElse("");
                conflicts.add(
                    new LabelConflict(
                        scope.getZoneLabel(), holder.getSlug() + server, owner.getSlug()));
              });
    }
    conflicts.sort(Comparator.comparing(LabelConflict::zoneLabel));
    return conflicts;
  }

  /** The account whose namespace holds the label: the longest slug it starts with. */
  private Optional<Account> namespaceOwner(String label) {
    return accounts.findBySlugIn(ZoneLabels.namespacesOf(label)).stream()
        .max(Comparator.comparingInt(account -> account.getSlug().length()));
  }

  private static String reserved(RetiredLabel reservation) {
    return "it is reserved to account '"
        + reservation.getAccountSlug()
        + "', which gave it up at "
        + reservation.getRetiredAt()
        + "; an operator can free it (DELETE /api/v1/zone-labels/retired/"
        + reservation.getZoneLabel()
        + ")";
  }

  private static ConflictException slugRefused(String slug, String why) {
    return new ConflictException("account slug '" + slug + "' is not available: " + why);
  }
}
