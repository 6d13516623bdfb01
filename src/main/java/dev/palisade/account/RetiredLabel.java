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
 * <p>This is also where an overlap period would live: a later column such as {@code answers_until}
 * would let the old label keep answering for its owner's scope for a while after a change (the
 * index would then serve the scope under both labels until that moment), set by {@link
 * Accounts#changeLabel}. Today a released label stops answering at once.
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

  protected RetiredLabel() {}

  RetiredLabel(String zoneLabel, long accountId, String accountSlug, Instant retiredAt) {
    this.zoneLabel = zoneLabel;
    this.accountId = accountId;
    this.accountSlug = accountSlug;
    this.retiredAt = retiredAt;
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
}
