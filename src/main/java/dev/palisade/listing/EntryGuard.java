package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.account.ProtectedAddresses;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.Networks;
import dev.palisade.dnsbl.ValueType;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The guard rails of entries that change what mail servers see at one stroke:
 *
 * <ul>
 *   <li>A <em>wide</em> entry — an IPv4 network wider than {@code palisade.guard.ip4-prefix}, an
 *       IPv6 one wider than {@code ip6-prefix}, a domain pattern on a top-level name ({@code com},
 *       {@code .com}, {@code localhost}) — is stored only when its channel confirmed it ({@link
 *       #wide}): the UI asks, the API wants {@code "confirmWide": true}, imports {@code
 *       confirmWide=true}.
 *   <li>A mail server's own addresses are never blocked for it: a block entry of the server, or of
 *       its account, that covers one of them is refused in every write ({@link
 *       #checkOwnAddresses}), and own addresses that an active block entry covers are refused
 *       ({@link #blocking}).
 * </ul>
 *
 * <p>Thread-safe.
 */
@Component
public class EntryGuard {

  private final GuardSettings settings;
  private final Accounts accounts;
  private final ProtectedAddresses protectedAddresses;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  EntryGuard(
      GuardSettings settings,
      Accounts accounts,
      ProtectedAddresses protectedAddresses,
      JdbcTemplate jdbc,
      Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.protectedAddresses = protectedAddresses;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Why the value needs a confirmation before it is stored, in words for whoever asked; null when
   * it does not.
   */
  public String wide(EntryValue value) {
    if (value instanceof Ip4Network n && n.prefixLength() < settings.ip4Prefix()) {
      return value.canonical()
          + " covers "
          + addresses(32 - n.prefixLength())
          + " IPv4 addresses"
          + (n.prefixLength() == 0 ? ", every one there is" : "")
          + "; networks wider than /"
          + settings.ip4Prefix()
          + " need confirming";
    }
    if (value instanceof Ip6Network n && n.prefixLength() < settings.ip6Prefix()) {
      return value.canonical()
          + (n.prefixLength() == 0 ? " covers every IPv6 address" : " covers more than an ISP")
          + "; IPv6 networks wider than /"
          + settings.ip6Prefix()
          + " need confirming";
    }
    if (value instanceof DomainPattern d && d.name().indexOf('.') < 0) {
      return value.canonical()
          + " is a top-level name: "
          + (d.match() == EntryValue.DomainMatch.EXACT
              ? "no mail comes from it, so it is most likely a mistake for ." + d.name()
              : "it covers every domain under ." + d.name())
          + "; top-level names need confirming";
    }
    return null;
  }

  /**
   * What among the drafts needs confirming: one message per wide draft, in order; empty when none
   * does.
   */
  public List<String> wide(Collection<EntryDraft> drafts) {
    List<String> found = new ArrayList<>();
    for (EntryDraft draft : drafts) {
      String why = wide(draft.value());
      if (why != null) {
        found.add(why);
      }
    }
    return found;
  }

  /**
   * Whether {@link #checkOwnAddresses} can refuse a draft in this scope: whether a mail server it
   * serves has own addresses.
   */
  boolean guardsOwnAddresses(long scopeId) {
    return !protectedAddresses.of(scopeId).isEmpty();
  }

  /**
   * Throws {@link InvalidEntryException} when a block draft would block a mail server's own address
   * for it: for a server's scope that server's, for an account's scope any of its servers'. Runs
   * inside the write, so every channel is held to it.
   */
  void checkOwnAddresses(long scopeId, Collection<EntryDraft> drafts) {
    Map<String, Networks> own = null;
    for (EntryDraft draft : drafts) {
      if (draft.kind() != ListKind.BLOCK || draft.value().type() == ValueType.DOMAIN) {
        continue;
      }
      if (own == null) {
        own = protectedAddresses.of(scopeId);
        if (own.isEmpty()) {
          return;
        }
      }
      for (Map.Entry<String, Networks> server : own.entrySet()) {
        String hit = server.getValue().overlapping(draft.value());
        if (hit != null) {
          throw new InvalidEntryException(
              draft.value().canonical()
                  + " would block "
                  + hit
                  + ", an own address of mail server "
                  + server.getKey()
                  + ": a mail server's own addresses are never blocked for it (they are set on"
                  + " the mail server's page); block a narrower network that leaves it out");
        }
      }
    }
  }

  /**
   * Sets a mail server's own addresses (null or blank: none), unless an active block entry of the
   * server or its account covers one of them: then {@link ConflictException} naming the entries,
   * and nothing changes.
   *
   * @throws InvalidEntryException naming a value that is not an address or network
   */
  public MailServer setOwnAddresses(long serverId, String text, Actor actor) {
    if (text != null && !text.isBlank()) {
      Networks networks = Networks.parse(text);
      MailServer server = accounts.server(serverId);
      List<Long> scopeIds =
          List.of(
              accounts.serverScope(serverId).id(),
              accounts.accountScope(server.getAccountId()).id());
      List<String> found = blocking(scopeIds, networks);
      if (!found.isEmpty()) {
        throw new ConflictException(
            "these block entries cover the addresses given, and a mail server's own addresses"
                + " are never blocked for it: "
                + String.join(", ", found.subList(0, Math.min(10, found.size())))
                + (found.size() > 10 ? " and " + (found.size() - 10) + " more" : "")
                + "; delete or narrow them first");
      }
    }
    return accounts.setOwnAddresses(serverId, text, actor);
  }

  /**
   * The active block entries of the scopes that cover one of the networks, as {@code value (own
   * network)}; empty when none does. For checking own addresses before they are set.
   *
   * @param scopeIds a mail server's scope and its account's
   */
  public List<String> blocking(List<Long> scopeIds, Networks networks) {
    String in = String.join(", ", scopeIds.stream().map(id -> "?").toList());
    List<Object> args = new ArrayList<>();
    args.add(Timestamp.from(clock.instant()));
    args.addAll(scopeIds);
    List<String> found = new ArrayList<>();
    jdbc.query(
        "select value_type, entry_value from entry where list_kind = 'BLOCK'"
            + " and value_type <> 'DOMAIN' and enabled = true"
            + " and (expires_at is null or expires_at > ?) and scope_id in ("
            + in
            + ")",
        row -> {
          EntryValue value =
              EntryValue.parseStored(ValueType.valueOf(row.getString(1)), row.getString(2));
          String hit = networks.overlapping(value);
          if (hit != null) {
            found.add(value.canonical() + " (covers " + hit + ")");
          }
        },
        args.toArray());
    return found;
  }

  private static String addresses(int hostBits) {
    return String.format(Locale.ROOT, "%,d", 1L << hostBits);
  }
}
