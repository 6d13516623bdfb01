package dev.palisade.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ScopeRepository extends JpaRepository<Scope, Long> {

  boolean existsByZoneLabel(String zoneLabel);

  List<Scope> findByAccountId(Long accountId);

  /** A scope whose label starts with this text ({@code <slug>-}), if any. */
  Optional<Scope> findFirstByZoneLabelStartingWith(String prefix);

  Optional<Scope> findByAccountIdAndMailServerIdIsNull(Long accountId);

  Optional<Scope> findByMailServerId(Long mailServerId);

  /** The scope with its account's slug and its server's name, in one statement. */
  @Query(DETAILS + " where s.id = :id")
  Optional<ScopeDetails> findDetails(long id);

  /** The account-wide scope of the account with this slug (lower case), in one statement. */
  @Query(DETAILS + " where a.slug = :slug and s.mailServerId is null")
  Optional<ScopeDetails> findAccountDetails(String slug);

  /** The scope of an account's mail server by slug and name (lower case), in one statement. */
  @Query(DETAILS + " where a.slug = :slug and m.name = :server")
  Optional<ScopeDetails> findServerDetails(String slug, String server);

  /** Selects {@link ScopeDetails} of scopes {@code s}, accounts {@code a} and servers {@code m}. */
  String DETAILS =
      "select new dev.palisade.account.ScopeDetails("
          + "s.id, a.id, a.slug, s.mailServerId, m.name, s.zoneLabel)"
          + " from Scope s join Account a on a.id = s.accountId"
          + " left join MailServer m on m.id = s.mailServerId";
}
