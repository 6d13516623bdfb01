package dev.palisade.account;

import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.Networks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The own addresses an entry of a scope must not block, read for every block write: one plain
 * query, and the addresses parsed only for servers that have them. (Read through JPA — the scope,
 * then the account's servers as entities — it was an eighth of a write's CPU on H2; see {@code
 * deploy/bench/README.md}, "Where a single write's time goes".) Thread-safe.
 */
@Component
public class ProtectedAddresses {

  /**
   * The scope, and each mail server it answers for that has own addresses: for a server's scope
   * that server, for an account's scope every server of the account. A row with a null name: the
   * scope without any. Joined by the account (a server's scope and its server share it), so that
   * only the account's servers are read, through the index of its unique (account, name).
   */
  private static final String OWN =
      "select m.name, m.own_addresses from scope s left join mail_server m"
          + " on m.account_id = s.account_id and m.own_addresses is not null"
          + " and (s.mail_server_id is null or m.id = s.mail_server_id)"
          + " where s.id = ? order by m.name";

  private final JdbcTemplate jdbc;

  ProtectedAddresses(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The own addresses of the servers the scope answers for, by server name in name order; servers
   * without own addresses are left out.
   *
   * @throws NotFoundException when there is no such scope
   */
  public Map<String, Networks> of(long scopeId) {
    Map<String, Networks> byServer = new LinkedHashMap<>();
    boolean[] scopeFound = {false};
    jdbc.query(
        OWN,
        row -> {
          scopeFound[0] = true;
          String name = row.getString(1);
          if (name != null) {
            byServer.put(name, Networks.parse(row.getString(2)));
          }
        },
        scopeId);
    if (!scopeFound[0]) {
      throw new NotFoundException("scope " + scopeId + " not found");
    }
    return byServer;
  }
}
