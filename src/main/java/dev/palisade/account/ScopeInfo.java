package dev.palisade.account;

import dev.palisade.dnsbl.Networks;
import java.util.ArrayList;
import java.util.List;

/**
 * A scope as DNS sees it: an account, or one mail server of an account.
 *
 * @param id the scope's id, which entries refer to
 * @param label the DNS label naming the scope's zones, lower-case
 * @param accountScopeId for a mail server, the scope id of its account; null for an account
 * @param serial the scope's serial; a server zone's serial is the higher of its own and its
 *     account's
 * @param allowQuery the networks the scope's own query ACL allows; null when it has none and
 *     inherits one (a mail server its account's, an account the operator's default)
 * @param formerLabels the labels the scope gave up that still answer for it, in their overlap
 *     ({@link RetiredLabel}): DNS answers under each of them as under {@code label}; lower-case,
 *     sorted
 */
public record ScopeInfo(
    long id,
    String label,
    Long accountScopeId,
    long serial,
    Networks allowQuery,
    List<String> formerLabels) {

  public ScopeInfo {
    formerLabels = formerLabels == null ? List.of() : List.copyOf(formerLabels);
  }

  /** A scope without former labels. */
  public ScopeInfo(long id, String label, Long accountScopeId, long serial, Networks allowQuery) {
    this(id, label, accountScopeId, serial, allowQuery, List.of());
  }

  /** A scope without a query ACL of its own and without former labels. */
  public ScopeInfo(long id, String label, Long accountScopeId, long serial) {
    this(id, label, accountScopeId, serial, null);
  }

  /** Every label DNS answers the scope under: its label, then its former labels. */
  public List<String> labels() {
    if (formerLabels.isEmpty()) {
      return List.of(label);
    }
    List<String> all = new ArrayList<>(formerLabels.size() + 1);
    all.add(label);
    all.addAll(formerLabels);
    return all;
  }

  /** Whether this scope is a mail server (whose zones also answer its account's entries). */
  public boolean isServer() {
    return accountScopeId != null;
  }
}
