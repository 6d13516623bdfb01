package dev.palisade.support;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A process of its own that holds an embedded H2 database open, as a running Palisade does, until
 * its standard input closes: {@code java -cp <test class path> dev.palisade.support.HoldH2 <url>}.
 * Prints {@code held} once the database is open.
 */
public final class HoldH2 {

  private HoldH2() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes our input
      }
    }
  }
}
