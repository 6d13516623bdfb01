package dev.palisade.account;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code scope} table, however it was read (JPA or plain JDBC), and the one place
 * that turns rows into what DNS sees: a mail server's scope linked to its account's scope.
 */
record ScopeRow(long id, long accountId, Long mailServerId, String label, long serial) {

  /** The rows as {@link ScopeInfo}s, in the order given. */
  static List<ScopeInfo> toInfos(Collection<ScopeRow> rows) {
    Map<Long, Long> accountScopeIds = new HashMap<>();
    for (ScopeRow row : rows) {
      if (row.mailServerId() == null) {
        accountScopeIds.put(row.accountId(), row.id());
      }
    }
    return rows.stream()
        .map(
            row ->
                new ScopeInfo(
                    row.id(),
                    row.label(),
                    row.mailServerId() == null ? null : accountScopeIds.get(row.accountId()),
                    row.serial()))
        .toList();
  }
}
