package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.BrowserTestBase;
import dev.palisade.support.Dig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.Type;

/**
 * The pages for large files in a real headless Chromium: a file imported in the background, its
 * page showing progress until it is done; feeds added by an operator, listed with their file, entry
 * count and problem, checked again after the file changed.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      BrowserTestBase.OPERATOR_PASSWORD_PROPERTY,
      "palisade.feeds.check-interval=1h",
      "palisade.listing.bulk-batch=1000"
    })
class ImportAndFeedUiIT extends BrowserTestBase {

  private static final Path FEEDS = directory();

  @DynamicPropertySource
  static void feeds(DynamicPropertyRegistry registry) {
    registry.add("palisade.feeds.directory", FEEDS::toString);
  }

  @BeforeEach
  void freshAccountSignedIn() {
    freshAccount("big");
    signInAsOperator();
  }

  @Test
  void aLargeFileIsImportedInTheBackgroundWithItsProgressShown() throws Exception {
    Path upload = Files.createTempFile("palisade-import-", ".txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(upload))) {
      out.write(":127.0.0.2:Listed $\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 20_000; i++) {
        out.write(("10.7." + (i >> 8) + "." + (i & 0xff) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    browser.open("/accounts/" + slug + "/imports");
    browser.select("list", "block").select("format", "ip4set");
    browser.find(By.id("file")).sendKeys(upload.toAbsolutePath().toString());
    browser.click("start-import");
    assertThat(browser.path()).startsWith("/accounts/" + slug + "/imports/");
    browser.screenshot("20a-import-running");
    // The page reloads itself every two seconds while the import runs.
    for (int i = 0;
        i < 300 && !browser.has(By.id("import-done")) && !browser.has(By.id("import-failed"));
        i++) {
      Thread.sleep(200);
    }
    assertThat(browser.find(By.id("import-done")).getText())
        .contains("Imported 20,000 entries: 20000 new");
    browser.screenshot("20b-import-done");
    assertThat(Dig.addresses(dig.udp("9.2.7.10." + slug + ".bl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.2");
    Files.delete(upload);
  }

  @Test
  void anOperatorAddsAFeedSeesItsEntriesAndItsProblem() throws IOException {
    Files.writeString(FEEDS.resolve(slug + ".txt"), "192.0.2.0/24 :127.0.0.2:fed\n198.51.100.1\n");
    browser.open("/accounts/" + slug + "/feeds");
    assertThat(browser.has(By.id("no-feeds"))).isTrue();
    browser.select("list", "block").select("format", "ip4set").type("path", slug + ".txt");
    browser.click("add-feed");
    assertThat(browser.text()).contains("Feed added: 2 entries from " + slug + ".txt.");
    assertThat(browser.find(By.id("feeds")).getText()).contains(slug + ".txt").contains("2");
    browser.screenshot("21a-feed-added");

    Files.writeString(
        FEEDS.resolve(slug + ".txt"), "192.0.2.0/24 :127.0.0.2:fed\n198.51.100.300\n");
    browser.clickAndWait(browser.find(By.xpath("//button[text()='Check now']")));
    assertThat(browser.find(By.id("feeds")).getText()).contains("1 bad line").contains(":2:");
    browser.screenshot("21b-feed-problem");
    assertThat(Dig.rcode(dig.udp("1.100.51.198." + slug + ".bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NOERROR");
  }

  private static Path directory() {
    try {
      return Files.createTempDirectory("palisade-ui-feeds");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
