package dev.palisade.dnsbl;

import java.util.Locale;

/**
 * Whether an entry blocks, allows or excludes what it matches. Clients, forms, manifests and the
 * command line name them {@code block}, {@code allow} and {@code exclude}; {@link #ofName} reads
 * those names for all of them. Immutable.
 *
 * <p>An exclusion (rbldnsd's {@code !entry}) lists nothing: when it wins the decision rule the name
 * is not listed in the block list nor in the allow list of its scope. It is not an allowance: an
 * allowed client skips the mail server's later checks ({@code permit_dnswl_client}), an excluded
 * one is only not blocked here.
 */
public enum ListKind {
  BLOCK,
  ALLOW,
  /** Unlists what it matches without allowing it; never answered itself. */
  EXCLUDE;

  private static final String EXPECTED = "expected 'block', 'allow' or 'exclude'";

  /**
   * The list named {@code block} or {@code allow}, ignoring case and surrounding blanks.
   *
   * @throws InvalidEntryException saying the name is missing or unknown
   */
  public static ListKind ofName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidEntryException("list is missing: " + EXPECTED);
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "block" -> BLOCK;
      case "allow" -> ALLOW;
      case "exclude", "exclusion" -> EXCLUDE;
      default -> throw new InvalidEntryException("list '" + name + "' is unknown: " + EXPECTED);
    };
  }

  /** The name {@link #ofName} reads: {@code block}, {@code allow} or {@code exclude}. */
  public String listName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether entries of this kind are answered in a zone of their own (bl/wl, dbl/dwl): block and
   * allow. An exclusion only takes a name out of them.
   */
  public boolean listed() {
    return this != EXCLUDE;
  }

  /**
   * The list named {@code block} or {@code allow}, for what names a zone (exports, zone names);
   * refuses {@code exclude}, which has no zone.
   *
   * @throws InvalidEntryException saying the name is missing, unknown or an exclusion
   */
  public static ListKind ofZoneName(String name) {
    ListKind kind = ofName(name);
    if (!kind.listed()) {
      throw new InvalidEntryException(
          "list 'exclude' has no zone of its own: expected 'block' or 'allow'");
    }
    return kind;
  }
}
