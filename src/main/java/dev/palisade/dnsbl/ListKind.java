package dev.palisade.dnsbl;

import java.util.Locale;

/**
 * Whether an entry blocks or allows what it matches. Clients, forms, manifests and the command line
 * name the two lists {@code block} and {@code allow}; {@link #ofName} reads those names for all of
 * them. Immutable.
 */
public enum ListKind {
  BLOCK,
  ALLOW;

  /**
   * The list named {@code block} or {@code allow}, ignoring case and surrounding blanks.
   *
   * @throws InvalidEntryException saying the name is missing or unknown
   */
  public static ListKind ofName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidEntryException("list is missing: expected 'block' or 'allow'");
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "block" -> BLOCK;
      case "allow" -> ALLOW;
      default ->
          throw new InvalidEntryException(
              "list '" + name + "' is unknown: expected 'block' or 'allow'");
    };
  }

  /** The name {@link #ofName} reads: {@code block} or {@code allow}. */
  public String listName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
