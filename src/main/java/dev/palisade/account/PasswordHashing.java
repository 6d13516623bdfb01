package dev.palisade.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How user passwords are checked ({@link PasswordPolicy}) and hashed: Spring Security's delegating
 * encoder (BCrypt today, with the algorithm stored in each hash, so a later default upgrades hashes
 * as users sign in). Defined outside the web security so the command-line tools, which start
 * without a web server, can manage users too.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  PasswordPolicy passwordPolicy() {
    return PasswordPolicy.bundled();
  }
}
