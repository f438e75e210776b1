Feature: Single sign-on for Enterprise organizations
  An Enterprise organization can set up single sign-on (SSO). Its members then sign in
  through the organization's identity provider and land in their organization account,
  also while the organization restricts its domain to its members. The service accepts
  only assertions its identity provider signed for this very organization.

  Source: "Organisationen mit Enterprise-Tarifen haben Zugriff auf Single Sign-On (SSO) und
  Domain-Verifizierung." and "…sodass Inhaber und Hauptinhaber die Nutzung ihrer Domain auf
  Konten beschränken können, die zur Claude for Work-Instanz hinzugefügt wurden."

  Background:
    Given Olivia has created the Enterprise organization Acme
    And Mia has joined Acme as member by invitation

  @S13 @R-THING-sso-1
  Scenario: The primary owner sets up single sign-on
    When Olivia configures single sign-on for Acme
    Then single sign-on is enabled for Acme with its identity provider

  @S13 @R-OP-sso_sign_in-5 @R-TS-ts_issue_assertion-1
  Scenario: A member signs in through single sign-on and lands in their organization account
    Given single sign-on is configured for Acme
    When Mia signs in to Acme through single sign-on
    Then Mia is signed in to the organization account in Acme
    And Mia can create and list conversations in the current account

  @S13 @R-ERR-sso_assertion_invalid @R-OP-sso_sign_in-3 @R-TS-ts_issue_assertion-1
  Scenario: An assertion whose signature was altered is refused
    Given single sign-on is configured for Acme
    When Mia tries to sign in to Acme through single sign-on with a tampered assertion
    Then it is refused because the assertion is invalid

  @S13 @R-ERR-sso_assertion_invalid @R-OP-sso_sign_in-3
  Scenario: An assertion issued for another organization is refused
    Given single sign-on is configured for Acme
    And Gus has created the Enterprise organization Globex
    And single sign-on is configured for Globex
    And Mia has joined Globex as member by invitation
    When Mia tries to sign in to Acme through single sign-on with an assertion issued for Globex
    Then it is refused because the assertion is invalid

  @S13 @R-ERR-not_a_member @R-OP-sso_sign_in-4
  Scenario: Someone who is not a member cannot sign in through the organization's SSO
    Given single sign-on is configured for Acme
    And Nick has signed in but has no account yet
    When Nick tries to sign in to Acme through single sign-on
    Then it is refused because the person is not a member

  @S13 @R-ERR-sso_not_configured @R-OP-sso_sign_in-2
  Scenario: Without single sign-on set up, nobody signs in through it
    When Mia tries to sign in to Acme through single sign-on
    Then it is refused because single sign-on is not configured

  @S19 @R-RESTRICT-07 @R-OP-sso_sign_in-5
  Scenario: While the domain is restricted to members, a member still signs in through SSO
    Given Acme has verified its company domain
    And single sign-on is configured for Acme
    And Acme has turned the member restriction on for its company domain
    And Nina has an email address at Acme's company domain
    And Nina has joined Acme as member by invitation
    When Nina signs in to Acme through single sign-on
    Then Nina is signed in to the organization account in Acme
    And Nina can create and list conversations in the current account
