package dev.palisade.boot;

import dev.palisade.dns.DnsServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the application has started, puts everything it started at the background's priority but the
 * web server's request threads ({@link DnsServer#lowerAllButRequests()}): the thread that started
 * DNS kept the request threads' priority so that the web server's threads would start with it, and
 * so did the jobs' threads, the connection pool's and the rest started meanwhile.
 */
@Component
class RequestsBeforeBackground {

  private final ObjectProvider<DnsServer> dns;

  RequestsBeforeBackground(ObjectProvider<DnsServer> dns) {
    this.dns = dns;
  }

  /** Runs on the thread that started the application, once it has started completely. */
  @EventListener(ApplicationReadyEvent.class)
  void lowerTheBackground() {
    dns.ifAvailable(DnsServer::lowerAllButRequests);
  }
}
