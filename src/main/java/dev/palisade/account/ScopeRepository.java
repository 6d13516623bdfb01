package dev.palisade.account;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ScopeRepository extends JpaRepository<Scope, Long> {

  Optional<Scope> findByZoneLabel(String zoneLabel);

  boolean existsByZoneLabel(String zoneLabel);

  Optional<Scope> findByAccountIdAndMailServerIdIsNull(Long accountId);

  Optional<Scope> findByMailServerId(Long mailServerId);

  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query("update Scope s set s.serial = :serial where s.id = :id")
  int updateSerial(long id, long serial);
}
