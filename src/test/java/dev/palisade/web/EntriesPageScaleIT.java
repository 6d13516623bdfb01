package dev.palisade.web;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The entries page at scale on the embedded H2 database, run on request: {@code ./mvnw -o verify
 * -Dit.test=EntriesPageScaleIT -Dpalisade.scale.entries=1000000}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.users.bootstrap-password=" + EntriesPageScale.PASSWORD)
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "palisade.scale.entries", matches = "\\d+")
class EntriesPageScaleIT extends EntriesPageScale {

  @Override
  int entries() {
    return Integer.getInteger("palisade.scale.entries");
  }

  @Override
  String database() {
    return "h2";
  }

  @Override
  void analyze(JdbcTemplate jdbc) {
    jdbc.execute("analyze table entry");
  }
}
