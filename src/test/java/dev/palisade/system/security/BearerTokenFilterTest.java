package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BearerTokenFilterTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "Bearer pal_abc        | pal_abc",
        "bearer pal_abc        | pal_abc",
        "BEARER   pal_abc      | pal_abc",
        "Bearer                | ''",
        "Bearerpal_abc         | null",
        "Basic dXNlcjpwYXNz    | null",
        "null                  | null",
      })
  void readsTheSecretOfABearerHeaderOnly(String header, String secret) {
    assertThat(BearerTokenFilter.bearerSecret(header == null ? null : header.strip()))
        .isEqualTo(secret);
  }
}
