Feature: Each account has its own conversations and projects
  Choosing the other account in the switcher switches to it and to its own conversations and
  projects: after switching only the chosen account's items are there, what was made in one
  account never appears in the other, and switching back finds everything as it was.

  Source: "Klicken Sie auf das andere Konto, um zu diesem zu wechseln und auf dessen
  separate Unterhaltungen und Projekte zuzugreifen."

  Background:
    Given Alex has an individual Pro account
    And Alex is a member of the Team organization Acme under the same email
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And Alex has 3 conversations in the organization account
    And Alex has 2 projects in the organization account

  @S11 @R-SESSION-02 @R-THING-items-1
  Scenario Outline: After switching to the <account> account only its <kind> are there
    When Alex switches to the <account> account
    Then Alex sees only the <kind> made in the <account> account

    Examples:
      | account      | kind          |
      | individual   | conversations |
      | individual   | projects      |
      | organization | conversations |
      | organization | projects      |

  @S11 @R-ERR-not_found @R-OP-get_conversation-1 @R-OP-get_project-1 @R-THING-items-1
  Scenario Outline: A <kind> of the <other> account cannot be opened from the <account> account
    Given Alex has switched to the <account> account
    When Alex tries to open a <kind> of the <other> account by its id
    Then it is refused because it was not found

    Examples:
      | account      | other        | kind         |
      | individual   | organization | conversation |
      | individual   | organization | project      |
      | organization | individual   | conversation |
      | organization | individual   | project      |

  @S11 @R-ERR-not_found @R-OP-delete_conversation-1 @R-OP-delete_project-1
  Scenario Outline: A <kind> of the <other> account cannot be deleted from the <account> account
    Given Alex has switched to the <account> account
    When Alex tries to delete a <kind> of the <other> account by its id
    Then it is refused because it was not found
    And Alex's <other> account still has its <kind>s

    Examples:
      | account      | other        | kind         |
      | individual   | organization | conversation |
      | organization | individual   | project      |

  @S11 @R-SESSION-02 @R-THING-items-1
  Scenario Outline: Switching back to the <first> account finds its conversations and projects intact
    Given Alex has switched to the <first> account
    When Alex switches to the <second> account
    And Alex creates a conversation in the <second> account
    And Alex creates a project in the <second> account
    And Alex switches to the <first> account
    Then Alex sees only the conversations made in the <first> account
    And Alex sees only the projects made in the <first> account

    Examples:
      | first        | second       |
      | individual   | organization |
      | organization | individual   |
