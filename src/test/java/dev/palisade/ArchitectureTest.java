package dev.palisade;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the arrows of DESIGN §4 honest: who may depend on whom. */
@AnalyzeClasses(packages = "dev.palisade", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule indexIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("dev.palisade.index..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..", "jakarta.persistence..", "org.hibernate..", "java.sql..")
          .because("the index is plain Java: no Spring, no JPA, no database");

  @ArchTest
  static final ArchRule indexKnowsOnlyValuesOfTheStore =
      noClasses()
          .that()
          .resideInAPackage("dev.palisade.index..")
          .should()
          .dependOnClassesThat()
          .haveSimpleNameEndingWith("Repository")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.palisade.listing.Listings")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.palisade.listing.Entry");

  @ArchTest
  static final ArchRule dnsNeverTouchesTheDatabase =
      noClasses()
          .that()
          .resideInAPackage("dev.palisade.dns..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta.persistence..",
              "org.hibernate..",
              "org.springframework.data..",
              "org.springframework.jdbc..",
              "java.sql..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.palisade.listing.Listings")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.palisade.account.Accounts")
          .because("the DNS path answers from the in-memory index only");

  @ArchTest
  static final ArchRule dnsStandsOnTheIndexAndTheVocabularyOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.palisade.dns..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.palisade..")
                  .and(
                      not(
                          resideInAnyPackage(
                              "dev.palisade.dns..",
                              "dev.palisade.index..",
                              "dev.palisade.dnsbl.."))))
          .because(
              "the DNS server answers from the index in the DNSBL vocabulary; whoever wants to know"
                  + " about its answers (the statistics) implements its AnswerObserver, and the"
                  + " metrics read its plain counters");

  @ArchTest
  static final ArchRule onlyTheMetricsKnowTheMetricsLibrary =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.palisade.metrics..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.micrometer..")
          .because(
              "features count in plain Java (LongAdders, events); the metrics package binds their"
                  + " totals to meters, so the DNS path never calls a metrics library");

  @ArchTest
  static final ArchRule onlyTheStoreUsesRepositories =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.palisade.account..", "dev.palisade.listing..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework.data.jpa..")
          .because("entries are written only through Listings, accounts through Accounts");

  @ArchTest
  static final ArchRule featuresHaveNoCycles =
      slices().matching("dev.palisade.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theGroundFloorDependsOnNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage("dev.palisade.common..", "dev.palisade.dnsbl..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.palisade..")
                  .and(not(resideInAnyPackage("dev.palisade.common..", "dev.palisade.dnsbl.."))))
          .because("every feature stands on common and dnsbl, so they cannot use a feature");

  @ArchTest
  static final ArchRule theVocabularyIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("dev.palisade.dnsbl..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "jakarta..",
              "org.hibernate..",
              "java.sql..",
              "dev.palisade.common..")
          .because(
              "the DNSBL vocabulary is values and rules, the same in DNS, the store and the UI");

  @ArchTest
  static final ArchRule onlyTheApplicationUsesStartUp =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.palisade.boot..")
          .and()
          .doNotHaveFullyQualifiedName("dev.palisade.PalisadeApplication")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.palisade.boot..")
          .because("start-up wires every feature together, so it is the roof: no feature uses it");

  /**
   * The floors of ARCHITECTURE.md: each package uses only the packages its row names. A new arrow
   * is a decision, made here and in that table together.
   */
  @ArchTest
  static final ArchRule eachPackageUsesOnlyWhatItsFloorAllows =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("application")
          .definedBy("dev.palisade")
          .layer("web")
          .definedBy("dev.palisade.web..")
          .layer("api")
          .definedBy("dev.palisade.api..")
          .layer("cli")
          .definedBy("dev.palisade.cli..")
          .layer("metrics")
          .definedBy("dev.palisade.metrics..")
          .layer("boot")
          .definedBy("dev.palisade.boot..")
          .layer("cluster")
          .definedBy("dev.palisade.cluster..")
          .layer("imports")
          .definedBy("dev.palisade.imports..")
          .layer("zonefile")
          .definedBy("dev.palisade.zonefile..")
          .layer("lookup")
          .definedBy("dev.palisade.lookup..")
          .layer("transfer")
          .definedBy("dev.palisade.transfer..")
          .layer("stats")
          .definedBy("dev.palisade.stats..")
          .layer("dns")
          .definedBy("dev.palisade.dns..")
          .layer("index")
          .definedBy("dev.palisade.index..")
          .layer("listing")
          .definedBy("dev.palisade.listing..")
          .layer("system")
          .definedBy("dev.palisade.system..")
          .layer("account")
          .definedBy("dev.palisade.account..")
          .layer("audit")
          .definedBy("dev.palisade.audit..")
          .layer("dnsbl")
          .definedBy("dev.palisade.dnsbl..")
          .layer("common")
          .definedBy("dev.palisade.common..")
          .whereLayer("application")
          .mayOnlyAccessLayers("boot", "cli")
          .whereLayer("web")
          .mayOnlyAccessLayers(
              "system",
              "imports",
              "cluster",
              "zonefile",
              "lookup",
              "transfer",
              "stats",
              "dns",
              "listing",
              "account",
              "audit",
              "dnsbl",
              "common")
          .whereLayer("api")
          .mayOnlyAccessLayers(
              "system",
              "imports",
              "cluster",
              "zonefile",
              "lookup",
              "dns",
              "listing",
              "account",
              "audit",
              "dnsbl",
              "common")
          .whereLayer("cli")
          .mayOnlyAccessLayers(
              "imports", "zonefile", "listing", "account", "audit", "dnsbl", "common")
          .whereLayer("metrics")
          .mayOnlyAccessLayers("imports", "dns", "index", "listing", "dnsbl")
          .whereLayer("boot")
          .mayOnlyAccessLayers(
              "cluster", "transfer", "dns", "stats", "index", "listing", "account", "common")
          .whereLayer("cluster")
          .mayOnlyAccessLayers("index", "listing", "account", "common")
          .whereLayer("imports")
          .mayOnlyAccessLayers("zonefile", "listing", "account", "audit", "dnsbl", "common")
          .whereLayer("zonefile")
          .mayOnlyAccessLayers("dns", "listing", "account", "dnsbl", "common")
          .whereLayer("lookup")
          .mayOnlyAccessLayers("dns", "listing", "account", "dnsbl")
          .whereLayer("transfer")
          .mayOnlyAccessLayers("dns", "index", "listing", "account", "dnsbl")
          .whereLayer("stats")
          .mayOnlyAccessLayers("dns", "index", "account", "dnsbl", "common")
          .whereLayer("dns")
          .mayOnlyAccessLayers("index", "dnsbl")
          .whereLayer("index")
          .mayOnlyAccessLayers("listing", "account", "dnsbl")
          .whereLayer("listing")
          .mayOnlyAccessLayers("account", "audit", "dnsbl", "common")
          .whereLayer("system")
          .mayOnlyAccessLayers("account", "common")
          .whereLayer("account")
          .mayOnlyAccessLayers("audit", "dnsbl", "common")
          .whereLayer("audit")
          .mayOnlyAccessLayers("common")
          .whereLayer("dnsbl")
          .mayNotAccessAnyLayer()
          .whereLayer("common")
          .mayNotAccessAnyLayer();
}
