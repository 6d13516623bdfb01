package dev.palisade.transfer;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The TSIG keys of {@code palisade.transfer.keys}, by name, ready to sign and verify (RFC 8945).
 * Built once at start-up; an unknown algorithm, a secret that is not base64 or a bad name stops the
 * start with a message that names the key, never its secret. Immutable and thread-safe ({@link
 * TSIG} makes a fresh MAC for every use).
 */
final class TsigKeys {

  /** Algorithm names as the secondaries' tools write them, to dnsjava's. */
  private static final Map<String, Name> ALGORITHMS =
      Map.of(
          "hmac-md5", TSIG.HMAC_MD5,
          "hmac-sha1", TSIG.HMAC_SHA1,
          "hmac-sha224", TSIG.HMAC_SHA224,
          "hmac-sha256", TSIG.HMAC_SHA256,
          "hmac-sha384", TSIG.HMAC_SHA384,
          "hmac-sha512", TSIG.HMAC_SHA512);

  private final Map<Name, TSIG> keys;

  private TsigKeys(Map<Name, TSIG> keys) {
    this.keys = keys;
  }

  static TsigKeys of(SecondarySettings settings) {
    Map<Name, TSIG> keys = new LinkedHashMap<>();
    for (int i = 0; i < settings.keys().size(); i++) {
      SecondarySettings.Key key = settings.keys().get(i);
      String property = "palisade.transfer.keys[" + i + "]";
      Name name = keyName(key.name());
      String algorithm =
          key.algorithm() == null || key.algorithm().isBlank()
              ? "hmac-sha256"
              : key.algorithm().strip().toLowerCase(Locale.ROOT);
      Name algorithmName = ALGORITHMS.get(algorithm);
      if (algorithmName == null) {
        throw new IllegalArgumentException(
            property + ".algorithm '" + key.algorithm() + "' is not one of " + ALGORITHMS.keySet());
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(key.secret() == null ? "" : key.secret().strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            property + ".secret of key " + name + " is not base64", null);
      }
      if (secret.length < 16) {
        throw new IllegalArgumentException(
            property
                + ".secret of key "
                + name
                + " is missing or shorter than 16 bytes; make one with tsig-keygen or keymgr");
      }
      keys.put(name, new TSIG(algorithmName, name, secret));
    }
    return new TsigKeys(Map.copyOf(keys));
  }

  /** Whether any key is configured: then every transfer must be signed. */
  boolean required() {
    return !keys.isEmpty();
  }

  /** The key of this name, or null. */
  TSIG key(Name name) {
    return keys.get(name);
  }

  /** The key named in the settings (lenient about case and the final dot), or null. */
  TSIG key(String name) {
    return name == null || name.isBlank() ? null : keys.get(keyName(name));
  }

  /** A key's name as DNS compares it: absolute, lower-case. */
  static Name keyName(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("palisade.transfer.keys: a key has no name");
    }
    try {
      return Name.fromString(text.strip().toLowerCase(Locale.ROOT), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "palisade.transfer.keys: '" + text + "' is not a valid key name: " + e.getMessage());
    }
  }
}
