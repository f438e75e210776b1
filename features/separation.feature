Feature: Individual accounts and organization accounts are completely separate
  Individual accounts (Free, Pro, Max) and Claude for Work accounts (Team, Enterprise) are
  separate accounts, even on one email address: what happens in one does not show up in or
  change the other. Each kind gives access to its own features.

  Source: "Individuelle Claude-Konten, einschließlich kostenpflichtiger Tarife (Pro und Max),
  und Claude for Work-Konten (Team- und Enterprise-Tarif) sind vollständig getrennt und
  bieten Benutzern Zugriff auf unterschiedliche Funktionen."

  @S01 @R-THING-account-2 @R-THING-account-4
  Scenario Outline: An individual <plan> account and an organization account (<org plan>) on one email are two accounts
    Given Alex has an individual <plan> account
    And Alex is a member of the <org plan> organization Acme under the same email
    Then Alex's individual and organization accounts are two distinct accounts on the same email

    Examples:
      | plan | org plan   |
      | Free | Team       |
      | Free | Enterprise |
      | Pro  | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |
      | Max  | Enterprise |

  @S01 @R-THING-items-1 @R-SESSION-02
  Scenario Outline: What is made in one account does not show up in the other (<kind>)
    Given Alex has an individual <plan> account
    And Alex is a member of the <org plan> organization Acme under the same email
    And Alex has 2 <kind> in the individual account
    And Alex has 3 <kind> in the organization account
    Then Alex's individual account still has its <kind>
    And Alex's organization account still has its <kind>

    Examples:
      | kind          | plan | org plan   |
      | conversations | Free | Team       |
      | projects      | Max  | Enterprise |

  @S01 @R-TS-ts_set_individual_plan-1 @R-THING-account-3
  Scenario Outline: Changing the individual plan from <from> to <to> leaves the <org plan> account as it was
    Given Alex has an individual <from> account
    And Alex is a member of the <org plan> organization Acme under the same email
    And Alex has 1 conversation in the organization account
    And Alex has 1 project in the organization account
    When Alex's individual plan changes to <to>
    Then Alex's individual account now has the <to> plan
    And Alex's organization account is unchanged, with all its conversations and projects
    And Acme's member list has no entry for Alex's individual account and no new member

    Examples:
      | from | to   | org plan   |
      | Free | Pro  | Team       |
      | Pro  | Max  | Enterprise |
      | Max  | Free | Team       |

  @S01 @R-THING-items-1
  Scenario Outline: Deleting a <kind> in the <account> account leaves the other account alone
    Given Alex has an individual Pro account
    And Alex is a member of the Team organization Acme under the same email
    And Alex has 2 <kind>s in the individual account
    And Alex has 2 <kind>s in the organization account
    When Alex deletes one of the <kind>s in the <account> account
    Then Alex's deleted <kind> can no longer be opened
    And Alex's individual account still has its <kind>s
    And Alex's organization account still has its <kind>s

    Examples:
      | kind         | account      |
      | conversation | individual   |
      | conversation | organization |
      | project      | individual   |
      | project      | organization |

  @S02 @R-THING-account-1 @R-THING-account-4
  Scenario Outline: Each account reports its kind and plan (<plan> and <org plan>)
    Given Alex has an individual <plan> account
    And Alex is a member of the <org plan> organization Acme under the same email
    Then Alex's individual account reports the kind individual and the plan <plan>
    And Alex's organization account reports the kind organization and the plan <org plan>

    Examples:
      | plan | org plan   |
      | Free | Team       |
      | Free | Enterprise |
      | Pro  | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |
      | Max  | Enterprise |

  @S02 @R-THING-account-7
  Scenario Outline: Organization features belong to the <org plan> account, not to the individual account
    Given Alex has an individual Max account
    And Alex is a member of the <org plan> organization Acme under the same email
    Then Alex's organization account offers <org features>
    And Alex's individual account offers conversations and projects
    And Alex's individual account does not offer the member list, single sign-on or domain verification

    Examples:
      | org plan   | org features                                                                  |
      | Team       | conversations, projects and the member list                                   |
      | Enterprise | conversations, projects, the member list, single sign-on and domain verification |

  @S02 @R-ERR-not_found @R-OP-get_organization-1
  Scenario Outline: The individual account is not an organization: its <view> is not found
    Given Alex has an individual Pro account
    And Alex is a member of the Enterprise organization Acme under the same email
    When Alex tries to open the <view> of the individual account as if it were an organization
    Then it is refused because it was not found
    But Alex can open the <view> of Acme

    Examples:
      | view                    |
      | member list             |
      | organization details    |
      | single sign-on settings |
      | domain list             |
