package dev.palisade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Palisade: an authoritative DNSBL/DNSWL server backed by a database of block and allow lists. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PalisadeApplication {

  public static void main(String[] args) {
    SpringApplication.run(PalisadeApplication.class, args);
  }
}
