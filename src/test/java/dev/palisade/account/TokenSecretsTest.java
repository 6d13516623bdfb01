package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenSecretsTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void generatedSecretsArePalPrefixedBase64urlOf256BitsAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String secret = TokenSecrets.generate(RANDOM);
      // 32 bytes are 43 base64 characters without padding.
      assertThat(secret).matches("pal_[A-Za-z0-9_-]{43}");
      assertThat(seen.add(secret)).isTrue();
    }
  }

  @Test
  void generatedSecretsAreAcceptedAsChosenOnes() {
    String secret = TokenSecrets.generate(RANDOM);
    assertThat(TokenSecrets.plausible(secret)).isTrue();
    assertThatCode(() -> TokenSecrets.checkSyntax(secret)).doesNotThrowAnyException();
  }

  @Test
  void plausibleSecretsHave32To200Characters() {
    assertThat(TokenSecrets.plausible(null)).isFalse();
    assertThat(TokenSecrets.plausible("x".repeat(31))).isFalse();
    assertThat(TokenSecrets.plausible("x".repeat(32))).isTrue();
    assertThat(TokenSecrets.plausible("x".repeat(200))).isTrue();
    assertThat(TokenSecrets.plausible("x".repeat(201))).isFalse();
  }

  @Test
  void aShortOrLongChosenSecretIsRefusedWithItsLengthButNotItsText() {
    String shortSecret = "s3cr3t-" + "a".repeat(20);
    assertThatThrownBy(() -> TokenSecrets.checkSyntax(shortSecret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a token secret needs 32 to 200 characters, this one has 27");
    assertThatThrownBy(() -> TokenSecrets.checkSyntax("b".repeat(201)))
        .hasMessageContaining("this one has 201")
        .hasMessageNotContaining("bbbb");
    assertThatThrownBy(() -> TokenSecrets.checkSyntax(null)).hasMessageContaining("this one has 0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789 0123456789 0123456789 x",
        "0123456789:0123456789:0123456789:x",
        "0123456789012345678901234567890=x",
        "=0123456789012345678901234567890123",
        "0123456789012345678901234567890ä",
      })
  void aChosenSecretWithCharactersABearerTokenCannotHoldIsRefused(String secret) {
    assertThatThrownBy(() -> TokenSecrets.checkSyntax(secret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a token secret may contain only letters, digits and - . _ ~ + / (and = at the end)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789abcdefghijABCDEFGHIJ-._~+/",
        "0123456789abcdefghijABCDEFGHIJ0123==",
      })
  void aChosenSecretOfRfc6750CharactersIsAccepted(String secret) {
    assertThatCode(() -> TokenSecrets.checkSyntax(secret)).doesNotThrowAnyException();
  }

  @Test
  void theHashIsTheLowerCaseHexSha256OfTheSecret() {
    // FIPS 180-2, appendix B.1.
    assertThat(TokenSecrets.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(TokenSecrets.hash(TokenSecrets.generate(RANDOM))).matches("[0-9a-f]{64}");
  }

  @Test
  void sameHashComparesWholeHashes() {
    String hash = TokenSecrets.hash("abc");
    assertThat(TokenSecrets.sameHash(hash, TokenSecrets.hash("abc"))).isTrue();
    assertThat(TokenSecrets.sameHash(hash, TokenSecrets.hash("abd"))).isFalse();
    assertThat(TokenSecrets.sameHash(hash, hash.substring(0, 63))).isFalse();
  }

  @Test
  void theDisplayPrefixShowsEightCharactersAfterPal() {
    assertThat(TokenSecrets.displayPrefix("pal_abcdefghijklmnop")).isEqualTo("pal_abcdefgh");
    assertThat(TokenSecrets.displayPrefix("bootstrap-0123456789-abcdefghij")).isEqualTo("bootstra");
  }
}
