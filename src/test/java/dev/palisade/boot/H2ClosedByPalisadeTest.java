package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H2ClosedByPalisadeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:h2:file:./data/palisade | jdbc:h2:file:./data/palisade;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:file:./data/palisade;AUTO_SERVER=FALSE"
            + " | jdbc:h2:file:./data/palisade;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:./data/p;db_close_on_exit=true;MODE=PostgreSQL"
            + " | jdbc:h2:./data/p;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:mem:t;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE"
            + " | jdbc:h2:mem:t;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
        "JDBC:H2:file:/x; | JDBC:H2:file:/x;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:tcp://db.example/palisade | jdbc:h2:tcp://db.example/palisade",
        "jdbc:h2:ssl://db.example/palisade | jdbc:h2:ssl://db.example/palisade",
        "jdbc:postgresql://127.0.0.1/palisade | jdbc:postgresql://127.0.0.1/palisade",
      })
  void embeddedH2UrlsAreClosedByPalisadeOthersStayAsTheyAre(String given, String used) {
    assertThat(H2ClosedByPalisade.url(given)).isEqualTo(used);
  }
}
