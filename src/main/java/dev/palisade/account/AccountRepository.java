package dev.palisade.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRepository extends JpaRepository<Account, Long> {

  Optional<Account> findBySlug(String slug);

  List<Account> findBySlugIn(Collection<String> slugs);

  /** An account whose slug starts with this text ({@code <slug>-}), if any. */
  Optional<Account> findFirstBySlugStartingWith(String prefix);
}
