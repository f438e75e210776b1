Feature: Fields a person may not set change nothing when they are sent along
  Every request names the fields a person may set. Sending more along with it (a role, a
  plan, an account kind, another organization, a verified or current mark, a status or a
  subscription) changes nothing beyond what the request may change. A service may ignore
  such fields or refuse the whole request as invalid; either way a fresh look afterwards
  shows only what the person was allowed to do. The extra fields always name Acme as the
  organization, to see that nothing lands there.

  Source: "Individuelle Konten … und Organisationskonten … bieten Benutzern Zugriff auf
  unterschiedliche Funktionen." and "Inhaber und Hauptinhaber können …"

  Background:
    Given Olivia has created the Enterprise organization Acme

  @S02 @security @R-CONV-09
  Scenario: Signing up with extra fields gives a plain Free individual account
    Given Nina has signed in but has no account yet
    When Nina tries to sign up for an individual account, sending extra fields
    Then the extra fields were ignored or the whole request was refused as invalid
    And Nina has at most a Free individual account without a subscription
    And Acme's member list has no entry for Nina

  @S02 @security @R-CONV-09 @R-OP-create_organization-2
  Scenario: Creating an organization with extra fields gives exactly the organization asked for
    Given Nina has signed in but has no account yet
    When Nina tries to create a Team organization, sending extra fields
    Then the extra fields were ignored or the whole request was refused as invalid
    And Nina has at most a primary owner's account in a new Team organization
    And Acme's member list has no entry for Nina

  @S02 @security @R-CONV-09
  Scenario: Cancelling a subscription with extra fields changes nothing but the subscription
    Given Alex has an individual Pro account
    When Alex tries to cancel the individual subscription, sending extra fields
    Then the extra fields were ignored or the whole request was refused as invalid
    And Alex's individual account is still a Pro account, cancelled if the request went through

  @S02 @security @R-CONV-09
  Scenario: Switching with extra fields changes nothing but the current account
    Given Alex has an individual Free account and a Team organization account in Beacon
    When Alex tries to switch to the organization account, sending extra fields
    Then the extra fields were ignored or the whole request was refused as invalid
    And Alex's accounts are as before, apart from which one is current

  @S18 @interpreted @security @R-CONV-09
  Scenario: Accepting an invitation with extra fields gives exactly the invited role
    Given Mara has a pending invitation to Acme as member
    When Mara tries to accept the invitation to Acme, sending extra fields
    Then the extra fields were ignored or the whole request was refused as invalid
    And Mara is at most a member of Acme
    And Olivia is still Acme's only primary owner

  @S13 @security @R-CONV-09
  Scenario: Adding a domain with extra fields leaves it pending until it is proven
    When Olivia tries to add Acme's company domain to Acme, sending extra fields
    Then the extra fields were ignored or the whole request was refused as invalid
    And Acme's company domain is at most pending for Acme, with no restriction and no block
