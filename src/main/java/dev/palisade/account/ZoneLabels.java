package dev.palisade.account;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for account slugs, server names and the zone labels made of them, and for an account's
 * namespace: its slug and every label {@code <slug>-<suffix>}. Which account owns a label by its
 * namespace is {@link LabelClaims}'s question.
 */
final class ZoneLabels {

  /** Lower-case letters, digits and inner hyphens: a DNS label every resolver passes through. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  /** RFC 1035 §2.3.4: a label has at most 63 octets. */
  static final int MAX_LABEL = 63;

  private ZoneLabels() {}

  /** Checks an account slug or server name; returns it lower-cased. */
  static String checkName(String what, String name, int maxLength) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (lower.length() > maxLength) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is longer than " + maxLength + " characters");
    }
    if (!NAME.matcher(lower).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + name
              + "' may contain only letters, digits and hyphens, and must start and end with a"
              + " letter or digit");
    }
    return lower;
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  /**
   * A random label of 26 characters (130 bits): a zone name nobody can guess, for lists that must
   * not be queried by outsiders.
   */
  static String random() {
    char[] label = new char[26];
    for (int i = 0; i < label.length; i++) {
      label[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(label);
  }

  /**
   * Whether a label lies in the namespace of the account with this slug: the slug itself or {@code
   * <slug>-<suffix>}. The hyphen is the boundary, so {@code bobmx} is not in {@code bob}'s.
   */
  static boolean inNamespace(String slug, String label) {
    return label.equals(slug)
        || (label.length() > slug.length() + 1
            && label.startsWith(slug)
            && label.charAt(slug.length()) == '-');
  }

  /**
   * Every slug in whose namespace the label lies: the label itself and each part before one of its
   * hyphens ({@code a-b-c} → {@code a-b-c}, {@code a}, {@code a-b}).
   */
  static List<String> namespacesOf(String label) {
    List<String> slugs = new ArrayList<>();
    slugs.add(label);
    for (int i = label.indexOf('-'); i > 0; i = label.indexOf('-', i + 1)) {
      slugs.add(label.substring(0, i));
    }
    return slugs;
  }

  /** The default zone label of a mail server: {@code <account slug>-<server name>}. */
  static String serverLabel(String accountSlug, String serverName) {
    String label = accountSlug + "-" + serverName;
    if (label.length() > MAX_LABEL) {
      throw new IllegalArgumentException(
          "zone label '" + label + "' would be longer than " + MAX_LABEL + " characters");
    }
    return label;
  }
}
