package dev.palisade;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
          .dependOnClassesThat(
              resideInAnyPackage(
                      "jakarta.persistence..",
                      "org.hibernate..",
                      "org.springframework.data..",
                      "org.springframework.jdbc..",
                      "java.sql..")
                  // Hibernate Validator's constraints on the DNS settings are not the database.
                  .and(not(resideInAPackage("org.hibernate.validator.."))))
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
                  + " about its answers (the statistics) implements its AnswerObserver");

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
}
