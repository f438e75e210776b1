Feature: Blocking new individual sign-ups with company email addresses
  Owners and the primary owner of an Enterprise organization can stop people from creating
  new individual accounts with email addresses at the organization's verified domain. The
  domain is matched without regard to case; a subdomain and other domains are not affected,
  and neither are individual accounts that exist already. Turning the block off allows
  sign-ups again.

  Source: "Inhaber und Hauptinhaber können: … Mitarbeiter daran hindern, neue individuelle
  Konten mit Unternehmens-E-Mail-Adressen zu erstellen."

  Background:
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain

  @S17 @R-RESTRICT-08 @R-ERR-domain_restricted @R-OP-sign_up_individual-2 @R-CONV-10
  Scenario Outline: With the block on, sign-up with an address <address> is refused
    Given Acme has turned the sign-up block on for its company domain
    And Nina has an email address <address>
    When Nina tries to sign up for an individual account
    Then it is refused because the domain is restricted
    And Nina's account list shows 0 accounts

    Examples:
      | address                                  |
      | at Acme's company domain                 |
      | at Acme's company domain in upper case   |
      | at Acme's company domain in mixed case   |
      | with a +tag at Acme's company domain     |

  @S17 @R-RESTRICT-08 @R-CONV-11
  Scenario Outline: With the block on, sign-up with an address <address> is allowed
    Given Acme has turned the sign-up block on for its company domain
    And Nina has an email address <address>
    When Nina tries to sign up for an individual account
    Then it succeeds
    And Nina's individual account is listed as active

    Examples:
      | address                                      |
      | at the eu subdomain of Acme's company domain |
      | at another domain                            |

  @S17 @R-RESTRICT-09
  Scenario: Turning the block off lets sign-ups through again
    Given Acme has turned the sign-up block on for its company domain
    And Nina has an email address at Acme's company domain
    When Nina tries to sign up for an individual account
    Then it is refused because the domain is restricted
    When Olivia turns the sign-up block off for Acme's company domain
    And Nina tries to sign up for an individual account
    Then it succeeds
    And the sign-up block is off for Acme's company domain
    And Nina's individual account is listed as active

  @S17 @R-RESTRICT-09
  Scenario: An existing individual account is not affected by the block alone
    Given Nina has an email address at Acme's company domain
    And Nina has an individual Pro account
    And Nina has 1 conversation in the individual account
    When Olivia turns the sign-up block on for Acme's company domain
    Then the sign-up block is on for Acme's company domain
    And Nina's individual account is listed as active
    And Nina's individual account still has its conversations
    And Nina can create and list conversations in the current account
