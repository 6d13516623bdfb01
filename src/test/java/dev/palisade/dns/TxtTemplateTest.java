package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TxtTemplateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Listed                      | Listed",
        "Spam from $                 | Spam from 192.0.2.1",
        "$ and $                     | 192.0.2.1 and 192.0.2.1",
        "costs $$5 for $             | costs $5 for 192.0.2.1",
        "$$$                         | $192.0.2.1",
        "trailing $$                 | trailing $",
      })
  void replacesDollarWithTheSubjectAndDoubleDollarWithADollar(String template, String text) {
    assertThat(TxtTemplate.render(template, "192.0.2.1")).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Listed             | [Listed]",
        "Spam from $        | [Spam from , ]",
        "$ and $            | [,  and , ]",
        "costs $$5 for $    | [costs $5 for , ]",
        "$$$                | [$, ]",
        "trailing $$        | [trailing $]",
        "a $ b              | [a ,  b]",
      })
  void cutsTheTemplateWhereTheSubjectGoes(String template, String parts) {
    assertThat(Arrays.toString(TxtTemplate.parts(template))).isEqualTo(parts);
    assertThat(String.join("192.0.2.1", TxtTemplate.parts(template)))
        .isEqualTo(TxtTemplate.render(template, "192.0.2.1"));
  }
}
