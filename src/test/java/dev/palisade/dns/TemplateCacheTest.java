package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Templates whose identity hashes fall on the same slot both stay cached: answers that alternate
   * between two such reasons (a zone's two reasons, a reason and the default) must not encode
   * either again on every query. Which templates collide changes from run to run, so the test makes
   * its own colliding four.
   */
  @Test
  void keepsFourTemplatesWhoseHashesShareASlot() {
    List<String> colliding = new ArrayList<>();
    Map<Integer, List<String>> bySlot = new HashMap<>();
    for (int i = 0; colliding.size() < 4; i++) {
      String template = "reason " + i + " for $";
      colliding =
          bySlot.computeIfAbsent(System.identityHashCode(template) % 256, k -> new ArrayList<>());
      colliding.add(template);
    }
    List<byte[][]> first = colliding.stream().map(cache::parts).toList();

    for (int i = 0; i < colliding.size(); i++) {
      assertThat(cache.parts(colliding.get(i))).as(colliding.get(i)).isSameAs(first.get(i));
    }
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
