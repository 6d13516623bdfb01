package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateCacheTest {

  private final TemplateCache cache = new TemplateCache();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Listed           | [Listed]",
        "Spam from $      | [Spam from , ]",
        "costs $$5 for $  | [costs $5 for , ]",
        "Gesperrt: $ für  | [Gesperrt: ,  für]",
      })
  void encodesTheTemplatesPartsAsUtf8(String template, String parts) {
    byte[][] encoded = cache.parts(template);

    assertThat(
            Arrays.toString(
                Arrays.stream(encoded)
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .toArray(String[]::new)))
        .isEqualTo(parts);
  }

  @Test
  void keepsTheEncodedPartsOfATemplate() {
    String template = "Spam from $";

    assertThat(cache.parts(template)).isSameAs(cache.parts(template));
  }

  @Test
  void tellsEqualTemplatesApartByIdentityAndAnswersBothRight() {
    String one = new String("Listed $");
    String two = new String("Listed $");

    byte[][] first = cache.parts(one);
    byte[][] second = cache.parts(two);

    assertThat(second).isNotSameAs(first).isDeepEqualTo(first);
  }

  @Test
  void answersRightAfterManyTemplatesShareItsSlots() {
    for (int i = 0; i < 2000; i++) {
      String template = "reason " + i + " for $";
      assertThat(new String(cache.parts(template)[0], StandardCharsets.UTF_8))
          .isEqualTo("reason " + i + " for ");
    }
  }
}
