package dev.palisade.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * What entries belong to and what a DNS zone label names: an account (no mail server) or one mail
 * server of an account.
 */
@Entity
public class Scope {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "account_id", nullable = false)
  private Long accountId;

  @Column(name = "mail_server_id")
  private Long mailServerId;

  @Column(name = "zone_label", nullable = false, unique = true)
  private String zoneLabel;

  @Column(nullable = false)
  private long serial;

  /** The query ACL's networks as {@link dev.palisade.dnsbl.Networks#text()}; null: inherited. */
  @Column(name = "allow_query")
  private String allowQuery;

  protected Scope() {}

  Scope(Long accountId, Long mailServerId, String zoneLabel, long serial) {
    this.accountId = accountId;
    this.mailServerId = mailServerId;
    this.zoneLabel = zoneLabel;
    this.serial = serial;
  }

  void relabel(String zoneLabel, long serial) {
    this.zoneLabel = zoneLabel;
    this.serial = serial;
  }

  public Long getId() {
    return id;
  }

  public Long getAccountId() {
    return accountId;
  }

  /** The mail server this scope belongs to, or null for the account-wide scope. */
  public Long getMailServerId() {
    return mailServerId;
  }

  public String getZoneLabel() {
    return zoneLabel;
  }

  public long getSerial() {
    return serial;
  }

  /** The scope's own query ACL as stored, or null when it inherits one. */
  String getAllowQuery() {
    return allowQuery;
  }

  void allowQuery(String networks) {
    this.allowQuery = networks;
  }
}
