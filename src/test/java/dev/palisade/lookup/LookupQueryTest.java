package dev.palisade.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookupQueryTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.1                          | 192.0.2.1",
        "mail.example.net[192.0.2.1]        | 192.0.2.1",
        "unknown[192.0.2.1]                 | 192.0.2.1",
        "client=unknown[192.0.2.1],         | 192.0.2.1",
        "[IPv6:2001:db8::1]                 | 2001:db8::1",
        "mx.example.org[2001:db8::25]       | 2001:db8::25",
        "<joe@Mail.Example.COM>             | mail.example.com",
        "from=<joe@example.com>,            | example.com",
        "joe@example.com                    | example.com",
        "  .example.com                     | .example.com",
        "mail.example.com                   | mail.example.com",
        "Dec  6 12:00:01 mx1 postfix/smtpd[1234]: NOQUEUE: reject: RCPT from"
            + " unknown[192.0.2.77]: 554 5.7.1 Service unavailable; from=<a@example.net>"
            + " to=<b@example.org> proto=ESMTP helo=<x>                   | 192.0.2.77",
        "Dec  6 12:00:02 mx1 postfix/cleanup[99]: 4F1: milter-reject: END-OF-MESSAGE"
            + " from=<joe@Spam.Example>, to=<b@example.org>                  | spam.example",
      })
  void findsTheAddressOrDomainInMailLogText(String text, String expected) {
    assertThat(LookupQuery.of(text)).isEqualTo(expected);
  }
}
