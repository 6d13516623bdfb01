package dev.palisade.account;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.Networks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code scope} table, however it was read (JPA or plain JDBC), and the one place
 * that turns rows into what DNS sees: a mail server's scope linked to its account's scope.
 */
record ScopeRow(
    long id, long accountId, Long mailServerId, String label, long serial, String allowQuery) {

  /** The rows as {@link ScopeInfo}s without former labels, in the order given. */
  static List<ScopeInfo> toInfos(Collection<ScopeRow> rows) {
    return toInfos(rows, Map.of());
  }

  /**
   * The rows as {@link ScopeInfo}s, in the order given.
   *
   * @param formerLabels the labels still answering for a scope, by scope id; ids of no row are
   *     ignored
   */
  static List<ScopeInfo> toInfos(Collection<ScopeRow> rows, Map<Long, List<String>> formerLabels) {
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
                    row.serial(),
                    row.queryAcl(),
                    formerLabels.getOrDefault(row.id(), List.of())))
        .toList();
  }

  /**
   * Adds a label that answers for a scope during its overlap to {@code byScope}, keeping each list
   * sorted.
   */
  static void addFormerLabel(Map<Long, List<String>> byScope, long scopeId, String label) {
    List<String> labels = byScope.computeIfAbsent(scopeId, id -> new ArrayList<>());
    labels.add(label);
    labels.sort(null);
  }

  /** The scope's own query ACL, or null when it inherits one. */
  Networks queryAcl() {
    return queryAcl(label, allowQuery);
  }

  /** A query ACL as stored (null: none) read back; {@code label} names the scope in an error. */
  static Networks queryAcl(String label, String allowQuery) {
    if (allowQuery == null) {
      return null;
    }
    try {
      return Networks.parse(allowQuery);
    } catch (InvalidEntryException e) {
      // Only a hand-edited row gets here; refusing to guess who may query is the safe side.
      throw new IllegalStateException(
          "scope "
              + label
              + " has an unreadable query ACL '"
              + allowQuery
              + "': "
              + e.getMessage());
    }
  }
}
