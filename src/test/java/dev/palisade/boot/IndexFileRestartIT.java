package dev.palisade.boot;

import java.util.List;
import java.util.UUID;

/** {@link IndexFileRestartContract} on the embedded H2 database, one database per test. */
class IndexFileRestartIT extends IndexFileRestartContract {

  private final String url = "jdbc:h2:mem:restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  List<String> database() {
    return List.of("--spring.datasource.url=" + url);
  }

  @Override
  List<String> otherDatabase() {
    return List.of(
        "--spring.datasource.url=jdbc:h2:mem:other-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }
}
