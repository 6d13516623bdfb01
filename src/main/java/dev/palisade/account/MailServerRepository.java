package dev.palisade.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface MailServerRepository extends JpaRepository<MailServer, Long> {

  List<MailServer> findByAccountIdOrderByName(Long accountId);

  Optional<MailServer> findByAccountIdAndName(Long accountId, String name);
}
