package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which databases other processes may be using, so that a start ends only the import holds no live
 * process can have left ({@code listing.ChangeFeed#releaseLeftImports}).
 */
class DnsContextSharedTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:h2:file:./data/palisade;AUTO_SERVER=FALSE | false",
        "jdbc:h2:./data/palisade                      | false",
        "jdbc:h2:mem:palisade-1;DB_CLOSE_DELAY=-1     | false",
        "jdbc:h2:file:./data/palisade;AUTO_SERVER=TRUE | true",
        "jdbc:h2:file:/srv/p;auto_server=true          | true",
        "jdbc:h2:tcp://db:9092/palisade                | true",
        "jdbc:h2:ssl://db:9092/palisade                | true",
        "jdbc:postgresql://127.0.0.1:5432/palisade     | true"
      })
  void anEmbeddedH2DatabaseIsThisProcessAlone(String url, boolean shared) {
    assertThat(DnsContext.shared(url)).isEqualTo(shared);
  }
}
