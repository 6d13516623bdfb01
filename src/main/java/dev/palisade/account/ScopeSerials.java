package dev.palisade.account;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Gives the scope of an entry write a new serial in one statement that also finds the scope (by id
 * or by name), locks its row until the transaction ends, and returns its names for the audit trail:
 * the first and only statement an entry write spends on its scope.
 *
 * <p>PostgreSQL runs the update in a {@code WITH} clause ({@code update ... returning}); H2, which
 * has no {@code returning}, reads the updated row from a {@code final table}. Both take the serial
 * from {@code change_serial} as {@link SerialSequence} does. Thread-safe.
 */
@Component
class ScopeSerials {

  /** The scope row {@code u} just updated, with its account's slug and its server's name. */
  private static final String DETAILS =
      "select u.id, u.account_id, a.slug, u.mail_server_id, m.name, u.zone_label, u.serial from ";

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
    String sql =
        postgres
            ? "with u as (update scope set serial = nextval('change_serial') where "
                + where
                + " returning id, account_id, mail_server_id, zone_label, serial) "
                + DETAILS
                + "u"
                + JOINS
            : DETAILS
                + "final table (update scope set serial = next value for change_serial where "
                + where
                + ")"
                + JOINS;
    return jdbc.query(
        sql,
        rows -> {
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
              rows.getLong(7));
        },
        arguments);
  }
}
