package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The overlaps of relabelled scopes: the old labels that still answer for their scope ({@link
 * RetiredLabel#answersAt}), ending one early, and ending those whose time is up — every {@code
 * palisade.labels.overlap-check} (10 s), on every node; a node finding none due does nothing. Each
 * end is announced like any change to the scopes, so every node's DNS answers NXDOMAIN under the
 * old label from then on; the label stays reserved to its owner.
 *
 * <p>Thread-safe; each public method is one transaction.
 */
@Service
public class LabelOverlaps {

  private static final Logger log = LoggerFactory.getLogger(LabelOverlaps.class);

  private final RetiredLabelRepository retired;
  private final Accounts accounts;
  private final AuditLog audit;
  private final Clock clock;

  LabelOverlaps(RetiredLabelRepository retired, Accounts accounts, AuditLog audit, Clock clock) {
    this.retired = retired;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  /** The old labels answering for the scope now, by label. */
  @Transactional(readOnly = true)
  public List<RetiredLabel> of(long scopeId) {
    Instant now = clock.instant();
    return retired.findByScopeIdOrderByZoneLabel(scopeId).stream()
        .filter(label -> label.answersAt(now))
        .toList();
  }

  /**
   * Ends the overlap of an old label of the scope now: it answers NXDOMAIN from this change on and
   * stays reserved to the account.
   *
   * @throws NotFoundException if the label does not answer for the scope (never did, or no more)
   */
  @Transactional
  public void end(long scopeId, String label, Actor actor) {
    String lower = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    RetiredLabel overlap =
        retired
            .findById(lower)
            .filter(found -> scopeId == orZero(found.getScopeId()))
            .filter(found -> found.answersAt(clock.instant()))
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "the old zone label '" + label + "' does not answer for these zones"));
    overlap.endOverlap();
    ScopeDetails scope = accounts.describe(scopeId);
    audit.record(
        AuditRecord.of(
            clock.instant(),
            scope.accountId(),
            actor,
            "UPDATE",
            scope.serverId() == null ? "ACCOUNT" : "MAIL_SERVER",
            scope.serverId() == null ? scope.accountId() : scope.serverId(),
            "old zone label " + lower + " stopped answering (overlap ended early)"));
    accounts.announceScopes();
  }

  /**
   * Ends the overlaps whose time is up and announces the change; returns how many ended. Run by the
   * scheduler.
   */
  @Scheduled(
      initialDelayString = "${palisade.labels.overlap-check:10s}",
      fixedDelayString = "${palisade.labels.overlap-check:10s}")
  @Transactional
  public int endDue() {
    List<RetiredLabel> due =
        retired.findByScopeIdIsNotNullAndAnswersUntilLessThanEqual(clock.instant());
    if (due.isEmpty()) {
      return 0;
    }
    due.forEach(RetiredLabel::endOverlap);
    accounts.announceScopes();
    log.info(
        "old zone labels stopped answering at the end of their overlap: {}",
        due.stream().map(RetiredLabel::getZoneLabel).toList());
    return due.size();
  }

  private static long orZero(Long id) {
    return id == null ? 0 : id;
  }
}
