package dev.palisade.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface RetiredLabelRepository extends JpaRepository<RetiredLabel, String> {

  List<RetiredLabel> findAllByOrderByZoneLabel();

  /** A reserved label of this namespace's inner part ({@code <slug>-…}), if any. */
  Optional<RetiredLabel> findFirstByZoneLabelStartingWith(String prefix);
}
