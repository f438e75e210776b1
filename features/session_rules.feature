Feature: Which account a session is on
  A session always has exactly one account in use (none only while the person has no
  account), and the account list marks exactly that one. A new session starts on the
  individual account unless it is restricted, else on the oldest organization account, else
  on the (restricted) individual account. The first account a person gets becomes the one in
  use; later accounts do not change it. When an organization removes a member, the sessions
  that were on that account move on to where a new session would start, and the member's
  other accounts stay as they were. Deleting the individual account ends only the sessions
  that were on it. Single sign-on always lands in the organization account.

  Sessions that the scenario puts on an account are remembered, so a later step can show
  where each of them is now. A "restricted" individual account is at a company domain that
  another organization has verified and restricted to its members.

  Source: "Ein blaues Häkchen zeigt an, welches Konto Sie derzeit verwenden." and
  "Klicken Sie auf das andere Konto, um zu diesem zu wechseln …"

  @S09 @ui @R-SESSION-01 @R-SESSION-02 @R-THING-account-5 @R-OP-list_my_accounts-2
  Scenario Outline: A new session of someone with <accounts> starts on <start>
    Given Alex holds <accounts>
    And Alex's first session is on <last used>
    When Alex signs in again
    Then Alex's new session is on <start>
    And Alex can create and list conversations in the current account
    And Alex's other sessions are still where they were

    @R-SESSION-04
    Examples: the individual account comes first
      | accounts                                      | last used              | start                  |
      | only an individual account                    | the individual account | the individual account |
      | an individual account and an account in Acme  | the account in Acme    | the individual account |
      | an account in Acme and then an individual account | the account in Acme | the individual account |

    @R-SESSION-05 @R-SESSION-09
    Examples: else the oldest organization account
      | accounts                                                                  | last used           | start                 |
      | only an account in Acme                                                   | the account in Acme | the account in Acme   |
      | accounts in Globex and Acme, joined in that order                         | the account in Acme | the account in Globex |

  @S15 @R-SESSION-05 @R-RESTRICT-07 @R-SESSION-02
  Scenario: A new session of someone whose individual account is restricted starts on the oldest organization account
    Given Alex holds a restricted individual account and accounts in Globex and Acme, joined in that order
    When Alex signs in again
    Then Alex's new session uses the account in Globex
    And Alex can create and list conversations in the current account

  @S09 @ui @S11 @R-SESSION-01 @R-SESSION-07 @R-ERR-no_current_account @R-OP-list_conversations-1
  Scenario: A new session of someone with no account starts on no account, and no data can be used
    Given Alex holds no account
    When Alex signs in again
    Then Alex's new session is on no account
    When Alex tries to list the conversations in the current account
    Then it is refused because there is no account in use

  @S15 @R-SESSION-06 @R-RESTRICT-05 @R-ERR-domain_restricted @R-OP-list_conversations-2
  Scenario: A new session of someone with only a restricted individual account starts on it, but no data can be used
    Given Alex holds only a restricted individual account
    When Alex signs in again
    Then Alex's new session uses the individual account
    When Alex tries to list the conversations in the current account
    Then it is refused because the domain is restricted

  @S09 @ui @R-SESSION-08 @R-SESSION-01 @R-THING-account-5
  Scenario Outline: The first account becomes the one in use, a later one does not (<first>, then <later>)
    Given Alex is signed in twice but has no account yet
    When Alex gets an account by <first>
    Then the answer marks Alex's new account as current
    And all of Alex's sessions are on the first account
    When Alex gets another account by <later>
    Then the answer does not mark Alex's new account as current
    And all of Alex's sessions are on the first account

    Examples:
      | first                    | later                    |
      | signing up               | creating an organization |
      | creating an organization | accepting an invitation  |
      | accepting an invitation  | signing up               |

  @S18 @interpreted @S09 @ui @R-MEMBERS-01 @R-MEMBERS-05 @R-MEMBERS-06 @R-MEMBERS-07 @R-MEMBERS-08 @R-SESSION-01
  Scenario Outline: A removed member's sessions move on to <start>, the other accounts stay as they were
    Given Olivia has created the Team organization Acme
    And Mara is signed in twice and gets a first account by joining Acme
    And Mara then gets <later accounts>
    And Mara is signed in once more
    And Mara has a conversation and a project in each account a session is on
    When Olivia removes Mara from Acme
    Then Acme's member list no longer shows Mara
    And Mara's removed account in Acme is gone with its conversations and projects
    And Mara's sessions that were on the account in Acme are now on <start>
    And Mara's accounts other than the account in Acme are untouched, with their conversations and projects
    When Mara joins Acme again by invitation
    Then Mara's new account in Acme has another id than the removed one and none of its conversations and projects

    @R-SESSION-04
    Examples: on to the individual account
      | later accounts                                 | start                  |
      | an account in Globex and an individual account | the individual account |

    @R-SESSION-07 @R-ERR-no_current_account
    Examples: on to no account
      | later accounts   | start      |
      | no other account | no account |

  @S15 @R-MEMBERS-07 @R-SESSION-05 @R-RESTRICT-07 @R-SESSION-02
  Scenario: A removed member whose individual account is restricted moves on to the organization account left
    Given Olivia has created the Team organization Acme
    And Mara's email address is at a company domain another organization has verified
    And Mara is signed in twice and gets a first account by joining Acme
    And Mara then gets a restricted individual account and an account in Globex
    When Olivia removes Mara from Acme
    Then Mara's sessions that were on the account in Acme are now on the account in Globex
    And Mara can create and list conversations in the current account

  @S12 @R-DELETE-03 @R-DELETE-04 @R-ERR-unauthenticated @R-SESSION-02
  Scenario: Deleting the individual account from the organization account ends only the sessions that were on it
    Given Alex holds an individual account and an account in Acme
    And Alex has a conversation and a project in each of those accounts
    And Alex is signed in once more on the individual account
    And Alex's first session is on the account in Acme
    When Alex deletes the individual account
    Then Alex's sessions that were on the individual account are no longer valid
    And Alex's accounts other than the individual account are untouched, with their conversations and projects

  @S13 @R-OP-sso_sign_in-5 @R-SESSION-02
  Scenario: A member who also holds an individual account lands in the organization account through SSO
    Given Olivia has created the Enterprise organization Acme
    And single sign-on is configured for Acme
    And Nina has an individual Free account
    And Nina has joined Acme as member by invitation
    When Nina signs in to Acme through single sign-on
    Then Nina is signed in through single sign-on to the organization account in Acme
    And Nina can create and list conversations in the current account

  @S19 @R-RESTRICT-07 @R-OP-sso_sign_in-5 @R-SESSION-02
  Scenario: Someone whose individual account is restricted joins and lands in the organization account through SSO
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain
    And single sign-on is configured for Acme
    And Nina has an email address at Acme's company domain
    And Nina has an individual Free account
    And Acme has turned the member restriction on for its company domain
    Then Nina's individual account is listed as restricted
    Given Nina has joined Acme as member by invitation
    When Nina signs in to Acme through single sign-on
    Then Nina is signed in through single sign-on to the organization account in Acme
    And Nina can create and list conversations in the current account

  @S13 @R-ERR-not_a_member @R-OP-sso_sign_in-4
  Scenario: Someone with accounts elsewhere but none in the organization cannot sign in through its SSO
    Given Olivia has created the Enterprise organization Acme
    And single sign-on is configured for Acme
    And Gus has created the Enterprise organization Globex
    And single sign-on is configured for Globex
    And Nick has an individual Pro account
    And Nick has joined Globex as member by invitation
    When Nick tries to sign in to Acme through single sign-on
    Then it is refused because the person is not a member
    And Nick's account list shows nothing of Acme

  @S13 @R-ERR-sso_not_configured @R-OP-sso_sign_in-2 @R-OP-sso_sign_in-5
  Scenario: Once single sign-on is switched off, members no longer sign in through it
    Given Olivia has created the Enterprise organization Acme
    And Mia has joined Acme as member by invitation
    And single sign-on is configured for Acme
    When Mia signs in to Acme through single sign-on
    Then Mia is signed in to the organization account in Acme
    When Olivia switches single sign-on off for Acme
    And Mia tries to sign in to Acme through single sign-on
    Then it is refused because single sign-on is not configured

  @S13 @R-ERR-not_found @R-OP-sso_sign_in-1
  Scenario: Signing in through single sign-on to an organization that does not exist is refused as not found
    Given Olivia has created the Enterprise organization Acme
    And Mia has joined Acme as member by invitation
    And single sign-on is configured for Acme
    When Mia tries to sign in through single sign-on to an organization that does not exist, with an assertion for Acme
    Then it is refused because it was not found

  @S13 @R-OP-get_sso-3 @R-OP-configure_sso-4 @R-ERR-invalid_request
  Scenario: Single sign-on starts switched off and cannot be switched on without an identity provider
    Given Olivia has created the Enterprise organization Acme
    And Mia has joined Acme as member by invitation
    Then Olivia reads single sign-on for Acme as disabled, with no identity provider
    And Mia reads single sign-on for Acme as disabled, with no identity provider
    When Olivia tries to enable single sign-on for Acme without an identity provider
    Then it is refused because the request is invalid
    And Olivia reads single sign-on for Acme as disabled, with no identity provider
