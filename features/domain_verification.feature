Feature: Verifying a domain
  An Enterprise organization can add a domain and prove that it controls it: the service
  gives a token to publish as a DNS TXT record, specific to the organization and the domain,
  and marks the domain verified once it finds the token there. Only a verified domain can
  be restricted to members or closed to individual sign-ups.

  Source: "Organisationen mit Enterprise-Tarifen haben Zugriff auf Single Sign-On (SSO) und
  Domain-Verifizierung." and "Inhaber und Hauptinhaber können: Die Nutzung verifizierter
  Domains … beschränken …"

  Background:
    Given Olivia has created the Enterprise organization Acme

  @S13 @R-THING-domain-1 @R-OP-add_domain-7
  Scenario: An added domain is pending and comes with a token to publish
    When Olivia adds Acme's company domain
    Then Acme's company domain is pending
    And the proof for Acme's company domain is a TXT token to publish under that domain

  @S13 @R-THING-domain-1
  Scenario: The token is specific to the organization and to the domain
    Given Gus has created the Enterprise organization Globex
    When Olivia adds Acme's company domain
    And Olivia adds Acme's second company domain
    And Gus adds Acme's company domain to Globex
    Then the proofs for Acme's company domain differ between Acme and Globex
    And Acme's proofs for its company domain and its second company domain differ

  @S13 @R-OP-verify_domain-5 @R-TS-ts_publish_txt-1
  Scenario: Publishing the token verifies the domain
    Given Acme has added its company domain
    And Acme's proof for its company domain is published
    When Olivia verifies Acme's company domain
    Then Acme's company domain is verified

  @S13 @R-OP-verify_domain-5
  Scenario: The token among several TXT values is enough
    Given Acme has added its company domain
    And Acme's proof for its company domain is published among other TXT values
    When Olivia verifies Acme's company domain
    Then Acme's company domain is verified

  @S13 @R-OP-verify_domain-5
  Scenario Outline: Verification fails when <what>
    Given Acme has added its company domain
    And <record> for Acme's company domain
    When Olivia verifies Acme's company domain
    Then Acme's company domain is failed

    Examples:
      | what                       | record                     |
      | the token is wrong         | a wrong token is published |
      | no TXT record is published | no TXT record is published |

  @S13 @R-OP-verify_domain-5
  Scenario: A domain whose verification failed can be verified later
    Given Acme has added its company domain with the status failed
    And Acme's proof for its company domain is published
    When Olivia verifies Acme's company domain
    Then Acme's company domain is verified

  @S13 @R-ERR-domain_already_claimed @R-OP-verify_domain-4
  Scenario: A domain another organization has verified cannot be verified again
    Given Acme has verified its company domain
    And Gus has created the Enterprise organization Globex
    And Gus has added Acme's company domain to Globex
    And Globex's proof for Acme's company domain is published
    When Gus tries to verify Acme's company domain for Globex
    Then it is refused because another organization holds the domain
    And Acme's company domain is verified for Acme
    And Acme's company domain is pending for Globex

  @S13 @R-CONV-11
  Scenario: A subdomain is a domain of its own
    Given Acme has added its company domain
    And Acme has added the eu subdomain of its company domain
    And Acme's proof for its company domain is published
    When Olivia verifies Acme's company domain
    Then Acme's company domain is verified
    And the eu subdomain of Acme's company domain is pending

  @S13 @R-CONV-11 @R-OP-verify_domain-5
  Scenario: The company domain's token does not prove its subdomain
    Given Acme has verified its company domain
    And Acme has added the eu subdomain of its company domain
    When Olivia verifies the eu subdomain of Acme's company domain
    Then the eu subdomain of Acme's company domain is failed

  @S13 @R-ERR-domain_public @R-OP-add_domain-5 @R-TS-ts_register_public_email_domain-1
  Scenario: A public email domain cannot be added
    Given a mail provider's domain is registered as a public email domain
    When Olivia tries to add the public email domain to Acme
    Then it is refused because the domain is a public email domain
    And the public email domain is not among Acme's domains

  @S16 @interpreted @R-ERR-domain_not_verified @R-OP-update_domain_settings-4
  Scenario Outline: The <setting> cannot be turned on for a <status> domain
    Given Acme has added its company domain with the status <status>
    When Olivia tries to turn the <setting> on for Acme's company domain
    Then it is refused because the domain is not verified
    And the <setting> is off for Acme's company domain

    Examples:
      | setting            | status  |
      | member restriction | pending |
      | member restriction | failed  |
      | sign-up block      | pending |
      | sign-up block      | failed  |
