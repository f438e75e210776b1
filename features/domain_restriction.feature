Feature: Restricting a verified domain to the organization's members
  Owners and the primary owner of an Enterprise organization can restrict a verified domain
  to the accounts added to the organization. While the restriction is on, someone with an
  email at that domain who is not a member cannot use an individual account with that
  email; the account is neither deleted nor changed, and works again with all its data once
  the restriction is lifted. Members keep working, also when they sign in through SSO.

  Source: "Inhaber und Hauptinhaber können: Die Nutzung verifizierter Domains auf Konten
  beschränken, die zur Enterprise-Tarifinstanz hinzugefügt wurden." and "…sodass Inhaber
  und Hauptinhaber die Nutzung ihrer Domain auf Konten beschränken können, die zur Claude
  for Work-Instanz hinzugefügt wurden."

  Background:
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain
    And Nina has an email address at Acme's company domain
    And Nina has an individual Pro account
    And Nina has 2 conversations in the individual account

  @S15 @R-THING-account-6
  Scenario: Before the restriction, the individual account at the domain works
    Then Nina's individual account is listed as active
    And Nina's individual account still has its conversations

  @S15 @R-RESTRICT-01 @R-THING-account-6
  Scenario: While the restriction is on, the individual account is listed but cannot be used
    When Olivia turns the member restriction on for Acme's company domain
    Then the member restriction is on for Acme's company domain
    And Nina's individual account is listed as restricted

  @S15 @S17 @R-RESTRICT-01 @R-THING-account-6
  Scenario: The restriction and the sign-up block go on together in one change
    When Olivia turns the member restriction and the sign-up block on together for Acme's company domain
    Then the member restriction is on for Acme's company domain
    And the sign-up block is on for Acme's company domain
    And Nina's individual account is listed as restricted

  @S15 @R-RESTRICT-04 @R-OP-switch_current_account-2 @R-ERR-domain_restricted
  Scenario: While the restriction is on, the individual account cannot be switched to
    Given Acme has turned the member restriction on for its company domain
    When Nina tries to switch to the individual account
    Then it is refused because the domain is restricted

  @S15 @R-RESTRICT-05 @R-ERR-domain_restricted @R-OP-create_conversation-2 @R-OP-list_conversations-2 @R-OP-create_project-2
  Scenario Outline: While the restriction is on, the individual account's data cannot be used (<use>)
    Given Acme has turned the member restriction on for its company domain
    When Nina tries to <use> in the current account
    Then it is refused because the domain is restricted

    Examples:
      | use                              |
      | list the conversations           |
      | create a conversation            |
      | create a project                 |

  @S15 @R-RESTRICT-06
  Scenario: Lifting the restriction makes the individual account work again, data intact
    Given Acme has turned the member restriction on for its company domain
    When Olivia turns the member restriction off for Acme's company domain
    Then Nina's individual account is listed as active
    And Nina's individual account still has its conversations
    And Nina can create and list conversations in the current account

  @S15 @R-RESTRICT-02 @R-CONV-11
  Scenario: An individual account at a subdomain is not restricted
    Given Eli has an email address at the eu subdomain of Acme's company domain
    And Eli has an individual Free account
    When Olivia turns the member restriction on for Acme's company domain
    Then Eli's individual account is listed as active
    And Eli can create and list conversations in the current account

  @S15 @R-RESTRICT-07
  Scenario: Members keep working while the restriction is on
    Given Mia has an email address at Acme's company domain
    And Mia has joined Acme as member by invitation
    And Mia has 1 conversation in the organization account
    When Olivia turns the member restriction on for Acme's company domain
    Then Mia's organization account still has its conversations
    And Mia can create and list conversations in the current account

  @S15 @S19 @R-RESTRICT-07 @R-OP-sso_sign_in-5
  Scenario: Members sign in through SSO and keep working while the restriction is on
    Given single sign-on is configured for Acme
    And Mia has an email address at Acme's company domain
    And Mia has joined Acme as member by invitation
    And Mia has 1 project in the organization account
    And Acme has turned the member restriction on for its company domain
    When Mia signs in to Acme through single sign-on
    Then Mia is signed in to the organization account in Acme
    And Mia's organization account still has its projects
    And Mia can create and list projects in the current account
    And Nina's individual account is listed as restricted
