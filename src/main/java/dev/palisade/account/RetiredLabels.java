package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The zone labels scopes gave up and that stay reserved to their former owners ({@link
 * RetiredLabel}): the list, and freeing one, which only operators do — a freed label may then go to
 * any account whose namespace holds it, so mail servers still configured with it would see that
 * account's lists. Freeing is written to the audit trail of the former owner.
 *
 * <p>Thread-safe; each public method is one transaction. Callers check that the caller is an
 * operator.
 */
@Service
public class RetiredLabels {

  private final RetiredLabelRepository retired;
  private final AuditLog audit;
  private final Clock clock;
  private final Accounts accounts;

  RetiredLabels(RetiredLabelRepository retired, AuditLog audit, Clock clock, Accounts accounts) {
    this.retired = retired;
    this.audit = audit;
    this.clock = clock;
    this.accounts = accounts;
  }

  /** Every reserved label, by label. */
  @Transactional(readOnly = true)
  public List<RetiredLabel> all() {
    return retired.findAllByOrderByZoneLabel();
  }

  /**
   * Ends a label's reservation, and its overlap if it still answers for its former scope.
   *
   * @throws NotFoundException if the label is not reserved
   */
  @Transactional
  public void free(String label, Actor actor) {
    String lower = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    RetiredLabel reservation =
        retired
            .findById(lower)
            .orElseThrow(() -> new NotFoundException("zone label '" + label + "' is not reserved"));
    boolean answering = reservation.answersAt(clock.instant());
    retired.delete(reservation);
    audit.record(
        new AuditRecord(
            clock.instant(),
            reservation.getAccountId(),
            lower,
            actor,
            actor.channel(),
            "DELETE",
            "ZONE_LABEL",
            null,
            "reserved zone label "
                + lower
                + " of account "
                + reservation.getAccountSlug()
                + " freed",
            null,
            null));
    if (answering) {
      accounts.announceScopes();
    }
  }
}
