Feature: Proving control of a domain takes the exact record, the exact token, and is checked anew
  The proof of control is a TXT record at one exact name, the verification record of the
  domain, holding exactly the token the service gave. The token at any other name, or a
  value that differs from it by a single character, proves nothing; the token among other
  values, even beside one of the longest length a TXT value may have, is enough. Each check
  looks again: a verified domain whose record is gone fails its next check, and from then
  on it restricts nobody and its settings cannot be changed. Only a domain name can be
  added, and one organization cannot read another's domain by naming it.

  Source: "Organisationen mit Enterprise-Tarifen haben Zugriff auf Single Sign-On (SSO) und
  Domain-Verifizierung." and "Die Nutzung verifizierter Domains auf Konten beschränken …"

  Background:
    Given Olivia has created the Enterprise organization Acme

  @S13 @R-THING-domain-1 @R-OP-add_domain-7
  Scenario: The proof names the verification record of exactly that domain
    When Olivia adds Acme's company domain
    Then the proof for Acme's company domain is to be published at the verification record of exactly that domain

  @S13 @R-OP-verify_domain-5 @R-TS-ts_publish_txt-1
  Scenario Outline: The token published <how> does not verify the domain
    Given Acme has added its company domain
    And Acme's token for its company domain is published <how>
    When Olivia verifies Acme's company domain
    Then Acme's company domain is failed

    Examples:
      | how                                                |
      | at the domain itself instead of its record name    |
      | at the record name of its eu subdomain             |
      | at the record name without its leading underscore  |
      | at a record name with another prefix               |
      | with one character changed                         |
      | with its last character missing                    |
      | with one character more                            |

  @S13 @R-OP-verify_domain-5 @R-TS-ts_publish_txt-1
  Scenario: The token among other values, beside one of the longest length, verifies the domain
    Given Acme has added its company domain
    And Acme's proof for its company domain is published beside a TXT value of the longest length
    When Olivia verifies Acme's company domain
    Then Acme's company domain is verified

  @S13 @R-OP-verify_domain-5
  Scenario: A domain whose token was wrong can be verified once the right token is published
    Given Acme has added its company domain
    And Acme's token for its company domain is published with one character changed
    When Olivia verifies Acme's company domain
    Then Acme's company domain is failed
    Given Acme's proof for its company domain is published
    When Olivia verifies Acme's company domain
    Then Acme's company domain is verified

  @S13 @R-OP-verify_domain-5
  Scenario: A verified domain whose record is gone fails its next check
    Given Acme has verified its company domain
    When Olivia verifies Acme's company domain after its TXT record was removed
    Then Acme's company domain is failed

  @S15 @R-OP-verify_domain-5 @R-RESTRICT-01 @R-RESTRICT-06
  Scenario: A restricted domain that fails its next check restricts nobody
    Given Acme has verified its company domain
    And Nina has an email address at Acme's company domain
    And Nina has an individual Free account
    And Nina has 1 conversation in the individual account
    And Acme has turned the member restriction on for its company domain
    Then Nina's individual account is listed as restricted
    Given Acme's token for its company domain is published with one character changed
    When Olivia verifies Acme's company domain
    Then Acme's company domain is failed
    And Nina's individual account is listed as active
    And Nina's individual account still has its conversations
    And Nina can create and list conversations in the current account

  @S16 @interpreted @R-OP-update_domain_settings-4 @R-ERR-domain_not_verified
  Scenario: A domain that failed its next check cannot have its settings changed
    Given Acme has verified its company domain
    And Acme's token for its company domain is published with one character changed
    When Olivia verifies Acme's company domain
    Then Acme's company domain is failed
    When Olivia tries to turn the sign-up block on for Acme's company domain
    Then it is refused because the domain is not verified

  @S13 @R-OP-add_domain-6 @R-ERR-invalid_request @R-CONV-04 @R-CONV-05
  Scenario Outline: A domain name <flaw> cannot be added
    When Olivia tries to add a domain name <flaw> to Acme
    Then it is refused because the request is invalid
    And nothing was added to Acme's domains

    Examples:
      | flaw                                |
      | with a space                        |
      | with spaces around it               |
      | with an underscore                  |
      | with an empty label                 |
      | with a trailing dot                 |
      | of a single label                   |
      | with a label starting with a hyphen |
      | with a label of 64 characters       |
      | with a broken punycode label        |
      | with a letter outside ASCII         |

  @S01 @R-OP-get_domain-1 @R-ERR-not_found
  Scenario: Someone outside an organization cannot read its domain by naming it
    Given Gus has created the Enterprise organization Globex
    And Globex has verified its company domain
    When Olivia tries to read Globex's company domain in Globex
    Then it is refused because it was not found

  @S13 @R-OP-get_domain-1 @R-ERR-not_found
  Scenario: Another organization's domain cannot be read or verified as one's own by naming it
    Given Gus has created the Enterprise organization Globex
    And Globex has verified its company domain
    When Olivia tries to read Globex's company domain in Acme
    Then it is refused because it was not found
    When Olivia tries to verify Globex's company domain for Acme
    Then it is refused because it was not found
    And Globex's company domain is verified for Globex
