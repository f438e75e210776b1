Feature: One email, two accounts, and a switcher between them
  Users with both an individual account and a Claude for Work account on the same email
  address can switch between the two. A blue check mark shows the account in use; choosing
  the other account switches to it.

  Source: "Benutzer mit sowohl individuellen als auch Claude for Work-Konten …, die mit
  derselben E-Mail-Adresse verknüpft sind, können zwischen den beiden wechseln …"
  and "Ein blaues Häkchen zeigt an, welches Konto Sie derzeit verwenden."

  @S06 @R-THING-account-2 @R-OP-list_my_accounts-2
  Scenario Outline: One email holds an individual <plan> account and a <org plan> account at once
    Given Alex has an individual <plan> account and a <org plan> organization account in Acme
    Then Alex's account list shows 2 accounts
    And Alex's account list shows an individual <plan> account and an organization account in Acme

    Examples:
      | plan | org plan   |
      | Free | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |

  @S09 @ui @R-THING-account-5 @R-SESSION-01 @R-SESSION-08 @R-OP-list_my_accounts-2
  Scenario: Exactly one account is marked as the one in use
    Given Alex has an individual Pro account and a Team organization account in Acme
    Then exactly one of Alex's accounts is marked current
    And Alex's current account is the individual account

  @S07 @S10 @R-SESSION-03 @R-OP-switch_current_account-3
  Scenario Outline: Choosing the other account makes it current (<from> to <to>)
    Given Alex has an individual Max account and an Enterprise organization account in Acme
    And Alex has switched to the <from> account
    When Alex switches to the <to> account
    Then the answer to Alex's switch already marks the <to> account as current
    And Alex's current account is the <to> account

    Examples:
      | from         | to           |
      | individual   | organization |
      | organization | individual   |

  @S07 @S09 @S10 @ui @R-SESSION-01 @R-SESSION-03 @R-THING-account-5
  Scenario: Switching back and forth, the marker always follows
    Given Alex has an individual Pro account and a Team organization account in Acme
    When Alex switches back and forth 3 times
    Then exactly one of Alex's accounts is marked current
    And Alex's current account is the organization account
