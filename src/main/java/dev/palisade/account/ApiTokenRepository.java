package dev.palisade.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

  Optional<ApiToken> findByTokenHash(String tokenHash);

  List<ApiToken> findAllByOrderById();

  List<ApiToken> findByAccountIdOrderById(Long accountId);

  List<ApiToken> findByAccountIdAndMailServerIdOrderById(Long accountId, Long mailServerId);

  boolean existsByOperatorTrue();

  boolean existsByAccountIdAndName(Long accountId, String name);

  boolean existsByOperatorTrueAndName(String name);

  /** Records a use unless a later one is already recorded; never moves the time backwards. */
  @Modifying
  @Query(
      "update ApiToken t set t.lastUsedAt = :at"
          + " where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :at)")
  int recordUse(long id, Instant at);
}
