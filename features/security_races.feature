Feature: Requests that arrive at the same moment leave a consistent state
  People click twice, open two tabs and run scripts: requests with one session, or from two
  organizations, reach the service at the same moment. Each is applied as a whole. Twenty
  switches at once still leave exactly one account marked as the one in use, and it is one
  of the two chosen; two organizations verifying the same domain at the same moment cannot
  both get it, because a domain belongs to one organization.

  Source: "Ein blaues Häkchen zeigt an, welches Konto Sie derzeit verwenden." and
  "Organisationen mit Enterprise-Tarifen haben Zugriff auf Single Sign-On (SSO) und
  Domain-Verifizierung."

  @S09 @ui @security @R-CONC-01
  Scenario: Twenty switches at the same moment leave exactly one account in use
    Given Alex has an individual Free account and a Team organization account in Acme
    When Alex switches between the two accounts 20 times at the same moment with one session
    Then every one of those switches answered with exactly one account marked current
    And exactly one of Alex's accounts is marked current
    And Alex's session is on the account marked current, one of the two

  @S13 @security @R-CONC-02 @R-ERR-domain_already_claimed
  Scenario: Two organizations verifying one domain at the same moment: exactly one gets it
    Given Olivia has created the Enterprise organization Acme
    And Gus has created the Enterprise organization Globex
    And Acme has added its company domain
    And Gus has added Acme's company domain to Globex
    And the proofs of Acme and Globex for Acme's company domain are both published
    When Acme and Globex verify Acme's company domain at the same moment
    Then exactly one of Acme and Globex has Acme's company domain verified
    And the other one was refused because another organization holds the domain
