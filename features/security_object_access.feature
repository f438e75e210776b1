Feature: Another person's accounts, conversations, projects and organizations stay out of reach
  Knowing the id of something that belongs to another person gives no access to it.
  Switching to another person's account, reading it, opening or deleting their
  conversations and projects, and reading the member list, domains or single sign-on
  settings of an organization one does not belong to are all refused exactly as for an id
  that never existed: for the same reason and with an answer of the same shape, so the
  refusal does not even tell that the thing exists. Nothing changes, and nothing of it shows
  up in one's own lists.

  Source: "Individuelle Konten (Free, Pro und Max) und Organisationskonten (Team und
  Enterprise) sind vollständig getrennt" and "Klicken Sie auf das andere Konto, um zu diesem
  zu wechseln und auf dessen separate Unterhaltungen und Projekte zuzugreifen."

  Background:
    Given Alex has an individual Free account
    And Bea has an individual Pro account and an Enterprise organization account in Beacon

  @S07 @S10 @security @R-ERR-not_found @R-OP-switch_current_account-1 @R-SESSION-03
  Scenario Outline: Switching to Bea's <account> account is refused as if it did not exist
    When Alex tries to switch to Bea's <account> account by its id
    Then it is refused exactly as for an account that never existed
    And Alex's current account is the individual account
    And Bea's accounts are unchanged

    Examples:
      | account      |
      | individual   |
      | organization |

  @S01 @security @R-ERR-not_found @R-OP-get_account-1
  Scenario Outline: Reading Bea's <account> account by its id is refused as if it did not exist
    When Alex tries to read Bea's <account> account by its id
    Then it is refused exactly as for an account that never existed
    And Alex's account list shows 1 accounts

    Examples:
      | account      |
      | individual   |
      | organization |

  @S11 @security @R-ERR-not_found @R-OP-get_conversation-1 @R-OP-get_project-1
  Scenario Outline: Opening Bea's <kind> by its id is refused as if it did not exist
    Given Bea has 1 <kind> in the individual account
    When Alex tries to open Bea's <kind> by its id
    Then it is refused exactly as for a <kind> that never existed
    And Alex sees none of Bea's <kind>s
    And Bea's individual account still has its <kind>s

    Examples:
      | kind         |
      | conversation |
      | project      |

  @S11 @security @R-ERR-not_found @R-OP-delete_conversation-1 @R-OP-delete_project-1
  Scenario Outline: Deleting Bea's <kind> by its id is refused as if it did not exist, and it stays
    Given Bea has 2 <kind>s in the organization account
    When Alex tries to delete Bea's <kind> by its id
    Then it is refused exactly as for a <kind> that never existed
    And Alex sees none of Bea's <kind>s
    And Bea's organization account still has its <kind>s

    Examples:
      | kind         |
      | conversation |
      | project      |

  @S01 @security @R-ERR-not_found @R-ORDER-1 @R-OP-list_members-1 @R-OP-list_domains-1 @R-OP-get_sso-1
  Scenario Outline: Reading the <thing> of Beacon from outside is refused as if Beacon did not exist
    Given Beacon has added its company domain
    And single sign-on is configured for Beacon
    When Alex tries to read the <thing> of Beacon
    Then it is refused exactly as for an organization that never existed
    And Alex's account list shows nothing of Beacon

    Examples:
      | thing                   |
      | member list             |
      | domains                 |
      | single sign-on settings |
