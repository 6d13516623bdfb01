package dev.palisade.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface RetiredLabelRepository extends JpaRepository<RetiredLabel, String> {

  List<RetiredLabel> findAllByOrderByZoneLabel();

  /** A reserved label of this namespace's inner part ({@code <slug>-…}), if any. */
  Optional<RetiredLabel> findFirstByZoneLabelStartingWith(String prefix);

  /** The labels that answer for some scope, their overlap over or not. */
  List<RetiredLabel> findByScopeIdIsNotNull();

  /** The labels that answer for this scope, their overlap over or not, by label. */
  List<RetiredLabel> findByScopeIdOrderByZoneLabel(Long scopeId);

  /** The labels whose overlap ended at or before this moment and that still answer. */
  List<RetiredLabel> findByScopeIdIsNotNullAndAnswersUntilLessThanEqual(Instant now);
}
