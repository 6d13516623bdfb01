package dev.palisade.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A zone label a scope gave up — relabelled, or its mail server or account deleted — reserved to
 * the account that held it. Mail servers and resolvers out there may still be configured with it,
 * so it never serves another account by itself: only its former owner may take it again, until an
 * operator frees it ({@link RetiredLabels#free}). The reservation outlives a deleted account.
 *
 * <p>A label given up by a relabelling may keep answering for its scope for a while, the overlap
 * ({@link #answersAt}): the index serves the scope under the old label as under the new one until
 * {@link #getAnswersUntil()}, then {@link LabelOverlaps} ends it. A label given up by a deletion
 * never answers.
 */
@Entity
@Table(name = "retired_zone_label")
public class RetiredLabel {

  @Id
  @Column(name = "zone_label")
  private String zoneLabel;

  @Column(name = "account_id", nullable = false)
  private Long accountId;

  @Column(name = "account_slug", nullable = false)
  private String accountSlug;

  @Column(name = "retired_at", nullable = false)
  private Instant retiredAt;

  /** The scope the label still answers for during its overlap; null when it answers for none. */
  @Column(name = "scope_id")
  private Long scopeId;

  /** When the overlap ends; null when there is none. */
  @Column(name = "answers_until")
  private Instant answersUntil;

  protected RetiredLabel() {}

  /**
   * @param scopeId the scope the label keeps answering for until {@code answersUntil}; null for
   *     none (then {@code answersUntil} is ignored)
   */
  RetiredLabel(
      String zoneLabel,
      long accountId,
      String accountSlug,
      Instant retiredAt,
      Long scopeId,
      Instant answersUntil) {
    this.zoneLabel = zoneLabel;
    this.accountId = accountId;
    this.accountSlug = accountSlug;
    this.retiredAt = retiredAt;
    boolean overlaps = scopeId != null && answersUntil != null && answersUntil.isAfter(retiredAt);
    this.scopeId = overlaps ? scopeId : null;
    this.answersUntil = overlaps ? answersUntil : null;
  }

  /** Whether the label still answers for its scope at this moment. */
  public boolean answersAt(Instant now) {
    return scopeId != null && answersUntil != null && answersUntil.isAfter(now);
  }

  /** Ends the overlap: the label answers for no scope any more, and stays reserved. */
  void endOverlap() {
    scopeId = null;
    answersUntil = null;
  }

  public String getZoneLabel() {
    return zoneLabel;
  }

  /** The account the label is reserved to; it may no longer exist. */
  public Long getAccountId() {
    return accountId;
  }

  /** The slug that account had when the label was retired. */
  public String getAccountSlug() {
    return accountSlug;
  }

  public Instant getRetiredAt() {
    return retiredAt;
  }

  /** The scope the label answers for during its overlap, or null. */
  public Long getScopeId() {
    return scopeId;
  }

  /** When the label stops answering for {@link #getScopeId()}, or null when it does not answer. */
  public Instant getAnswersUntil() {
    return answersUntil;
  }
}
