package dev.palisade.support;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Added to a running Palisade as an extra source ({@code --spring.main.sources=...}, never by
 * component scan: it has no annotation), it waits until the whole application is ready and then
 * fills the heap from a thread of its own until that thread dies of an {@link OutOfMemoryError}, as
 * Tomcat's poller thread did under a huge import. Only the application context (the child, which
 * has a parent) starts it, once.
 */
public final class HeapExhauster implements ApplicationListener<ApplicationReadyEvent> {

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (event.getApplicationContext().getParent() == null) {
      return; // the DNS context is ready before the web; wait for the whole application
    }
    System.out.println("HeapExhauster: application ready, filling the heap");
    System.out.flush();
    Thread exhaust =
        new Thread(
            () -> {
              List<long[]> hog = new ArrayList<>();
              while (true) {
                hog.add(new long[1 << 17]);
              }
            },
            "heap-exhauster");
    exhaust.start();
  }
}
