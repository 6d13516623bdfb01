package dev.palisade.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRoleRepository extends JpaRepository<AccountRole, Long> {

  List<AccountRole> findByUserId(Long userId);

  List<AccountRole> findByAccountId(Long accountId);

  Optional<AccountRole> findByUserIdAndAccountId(Long userId, Long accountId);
}
