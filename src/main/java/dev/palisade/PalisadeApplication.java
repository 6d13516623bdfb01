package dev.palisade;

import dev.palisade.zonefile.ZoneFileCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Palisade: an authoritative DNSBL/DNSWL server backed by a database of block and allow lists. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PalisadeApplication {

  /**
   * Starts the server, or runs a command ({@code import}, {@code export}, {@code --help}) and exits
   * with its status.
   */
  public static void main(String[] args) {
    if (ZoneFileCommand.isCommand(args)) {
      System.exit(ZoneFileCommand.run(PalisadeApplication.class, args));
    }
    SpringApplication.run(PalisadeApplication.class, args);
  }
}
