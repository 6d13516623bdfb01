package dev.palisade.account;

import dev.palisade.dnsbl.Networks;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One mail server of an account; its zones answer its own entries and its account's. */
@Entity
@Table(name = "mail_server")
public class MailServer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "account_id", nullable = false)
  private Long accountId;

  @Column(nullable = false)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** The server's own addresses as {@link Networks#text()}; null: none given. */
  @Column(name = "own_addresses")
  private String ownAddresses;

  protected MailServer() {}

  MailServer(Long accountId, String name, Instant createdAt) {
    this.accountId = accountId;
    this.name = name;
    this.createdAt = createdAt;
  }

  void rename(String name) {
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public Long getAccountId() {
    return accountId;
  }

  public String getName() {
    return name;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * The addresses the server sends and receives mail from, which no entry may block for it; null
   * when none were given.
   */
  public Networks getOwnAddresses() {
    return ownAddresses == null ? null : Networks.parse(ownAddresses);
  }

  void ownAddresses(Networks networks) {
    this.ownAddresses = networks == null ? null : networks.text();
  }
}
