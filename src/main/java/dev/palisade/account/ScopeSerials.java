package dev.palisade.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Gives the scope of an entry write a new serial in one statement that also finds the scope (by id
 * or by name), locks its row until the transaction ends, and returns its names for the audit trail.
 *
 * <p>Before that, every write locks the row of its account's scope, until the transaction ends: a
 * mail server's zone is its own entries and its account's, at the higher of the two serials, so the
 * writes of one account must commit in the order of their serials. Without that lock a server write
 * could take serial N, an account write N+1 and commit first, and a reader standing at the zone's
 * serial N+1 (IXFR from a secondary) would never ask for change N. Writes of different accounts do
 * not wait for each other. Rows are always locked account scope first, then the server's ({@link
 * #lock}), so two writers never wait for each other in a circle.
 *
 * <p>PostgreSQL locks the row and reads its serial before the change in one {@code WITH} clause and
 * runs the update in another ({@code update ... returning}), all one statement. H2, which has no
 * {@code returning}, reads the serial first (under the account's lock nothing else changes it),
 * then reads the updated row from a {@code final table}: two statements, which an embedded database
 * runs in-process. On H2 the account's row is locked by an update that leaves it as it was rather
 * than by {@code select ... for update}, which H2 parses and plans again on every run. Both take
 * the serial from {@code change_serial} as {@link SerialSequence} does. Thread-safe.
 */
@Component
class ScopeSerials {

  /** The scope row {@code u} just updated, with its account's slug and its server's name. */
  private static final String DETAILS =
      "select u.id, u.account_id, a.slug, u.mail_server_id, m.name, u.zone_label, u.serial";

  private static final String JOINS =
      " u join account a on a.id = u.account_id left join mail_server m on m.id = u.mail_server_id";

  private static final String BY_ID = "id = ?";

  private static final String BY_ACCOUNT =
      "id = (select s.id from scope s join account a on a.id = s.account_id"
          + " where a.slug = ? and s.mail_server_id is null)";

  private static final String BY_SERVER =
      "id = (select s.id from scope s join mail_server m on m.id = s.mail_server_id"
          + " join account a on a.id = m.account_id where a.slug = ? and m.name = ?)";

  private final JdbcTemplate jdbc;
  private final boolean postgres;

  ScopeSerials(DataSource dataSource, JdbcTemplate jdbc) throws MetaDataAccessException {
    this.jdbc = jdbc;
    String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
    this.postgres = "PostgreSQL".equals(product);
  }

  /**
   * Gives the target's scope a new serial and locks its row; null when no scope matches. Must run
   * inside the transaction that changes the scope's entries.
   */
  SerialBump bump(WriteTarget target) {
    String where;
    Object[] arguments;
    if (target.id() != null) {
      where = BY_ID;
      arguments = new Object[] {target.id()};
    } else if (target.server() == null) {
      where = BY_ACCOUNT;
      arguments = new Object[] {target.slug()};
    } else {
      where = BY_SERVER;
      arguments = new Object[] {target.slug(), target.server()};
    }
    if (postgres) {
      jdbc.queryForList(
          "select id from scope where " + accountScopeOf(where) + " for update",
          Long.class,
          arguments);
      // The locking read returns the row as the last committed change left it (a concurrent
      // writer is waited for), so "previous" is the serial this change follows.
      return jdbc.query(
          "with o as (select id, serial from scope where "
              + where
              + " for update), u as (update scope set serial = nextval('change_serial')"
              + " where id = (select id from o)"
              + " returning id, account_id, mail_server_id, zone_label, serial) "
              + DETAILS
              + ", (select serial from o) from u"
              + JOINS,
          ScopeSerials::bumped,
          arguments);
    }
    // H2 plans a "for update" query again on every run (its statement cache leaves them out), and
    // a write spent more time there than in its own statements: an update that leaves the row as
    // it is locks it as well, and is planned once per connection.
    jdbc.update("update scope set serial = serial where " + accountScopeOf(where), arguments);
    // Every change of a serial locks its account's scope first (here, lock, lockAccount), so with
    // that lock held the serial read now is the one the update below replaces.
    List<Long> previous =
        jdbc.queryForList("select serial from scope where " + where, Long.class, arguments);
    if (previous.isEmpty()) {
      return null;
    }
    return jdbc.query(
        DETAILS
            + ", cast(? as bigint) from final table (update scope set serial = next value for"
            + " change_serial where "
            + where
            + ")"
            + JOINS,
        ScopeSerials::bumped,
        prepend(previous.get(0), arguments));
  }

  /**
   * Locks the row of the scope's account scope, then the scope's own row (one row for an account
   * scope), until the transaction ends: for a change to a scope outside entry writes (its label,
   * its deletion) that must keep the order {@link #bump} keeps. Must run inside that transaction,
   * before the scope is read.
   */
  void lock(long scopeId) {
    jdbc.queryForList(
        "select id from scope where " + accountScopeOf(BY_ID) + " for update", Long.class, scopeId);
    jdbc.queryForList("select id from scope where id = ? for update", Long.class, scopeId);
  }

  /** Locks the row of the account's scope until the transaction ends: see {@link #lock}. */
  void lockAccount(long accountId) {
    jdbc.queryForList(
        "select id from scope where account_id = ? and mail_server_id is null for update",
        Long.class,
        accountId);
  }

  /**
   * The condition on {@code scope} that picks the account scope of the scope {@code where} finds.
   */
  private static String accountScopeOf(String where) {
    return "account_id = (select account_id from scope where "
        + where
        + ") and mail_server_id is null";
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static SerialBump bumped(ResultSet rows) throws SQLException {
    if (!rows.next()) {
      return null;
    }
    long serverId = rows.getLong(4);
    Long server = rows.wasNull() ? null : serverId;
    return new SerialBump(
        new ScopeDetails(
            rows.getLong(1),
            rows.getLong(2),
            rows.getString(3),
            server,
            rows.getString(5),
            rows.getString(6)),
        rows.getLong(8),
        rows.getLong(7));
  }
}
