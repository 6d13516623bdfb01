package dev.palisade.account;

/**
 * A token just created and its secret. The secret exists only here: the database keeps its hash, so
 * it must be shown to the creator now and never again. Immutable.
 *
 * @param secret the bearer secret, e.g. {@code pal_} followed by 43 base64url characters
 * @param token the stored token
 */
public record CreatedToken(String secret, ApiToken token) {

  /** Leaves the secret out, so logging the value cannot leak it. */
  @Override
  public String toString() {
    return "CreatedToken[id=" + token.getId() + ", prefix=" + token.getPrefix() + "]";
  }
}
