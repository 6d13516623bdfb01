package dev.palisade.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What an API token's secret looks like: how one is generated, which chosen ones are accepted, the
 * hash that is stored in its place and the few characters shown to tell tokens apart. Plain
 * functions, thread-safe.
 */
public final class TokenSecrets {

  /** How generated secrets start, so they are recognisable (by people and secret scanners). */
  static final String PREFIX = "pal_";

  /** Shortest secret accepted, for secrets that were not generated (the bootstrap token). */
  static final int MIN_LENGTH = 32;

  /** Longest secret accepted; longer bearer tokens are not looked up at all. */
  static final int MAX_LENGTH = 200;

  /** RFC 6750 §2.1 b64token: the characters a bearer token may consist of. */
  private static final Pattern BEARER_SYNTAX = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private TokenSecrets() {}

  /** {@code pal_} and 256 random bits as 43 base64url characters. */
  static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Whether a presented secret is long enough and short enough to be any token's: a cheap check
   * that needs neither a hash nor the database.
   */
  static boolean plausible(String secret) {
    return secret != null && secret.length() >= MIN_LENGTH && secret.length() <= MAX_LENGTH;
  }

  /**
   * Whether a secret chosen elsewhere is acceptable: at least {@value #MIN_LENGTH} and at most
   * {@value #MAX_LENGTH} characters a bearer token may hold. The message never repeats the secret.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkSyntax(String secret) {
    if (!plausible(secret)) {
      throw new IllegalArgumentException(
          "a token secret needs "
              + MIN_LENGTH
              + " to "
              + MAX_LENGTH
              + " characters, this one has "
              + (secret == null ? 0 : secret.length()));
    }
    if (!BEARER_SYNTAX.matcher(secret).matches()) {
      throw new IllegalArgumentException(
          "a token secret may contain only letters, digits and - . _ ~ + / (and = at the end)");
    }
  }

  /** The SHA-256 of the secret's UTF-8 bytes in lower-case hex: what the database keeps. */
  static String hash(String secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Whether two hashes are equal, in time that does not depend on where they differ: the lookup by
   * hash found a row, and this comparison must not tell a timing attacker anything either.
   */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** Enough of the secret to tell tokens apart: 8 characters after {@code pal_}, else 8. */
  static String displayPrefix(String secret) {
    int length = secret.startsWith(PREFIX) ? PREFIX.length() + 8 : 8;
    return secret.substring(0, length);
  }
}
