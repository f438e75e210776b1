Feature: An individual account cannot be moved into an organization
  There is no way to move an individual Free, Pro or Max account into the member list of a
  Claude for Work organization (Team or Enterprise). A request to do so is refused and
  changes nothing. Joining the organization with the same email gives a new, separate
  organization account; the individual account keeps its plan and its data.

  Source: "Derzeit gibt es keine Möglichkeit, ein individuelles kostenloses, Pro- oder
  Max-Tarifkonto zur Mitgliederliste einer Claude for Work-Organisation zu migrieren."

  @S03 @R-ERR-account_migration_unsupported @R-OP-request_migration-2 @R-OP-list_my_invitations-2 @R-CONV-04
  Scenario Outline: An invited person cannot move an individual <plan> account into the <org plan> organization
    Given Alex has an individual <plan> account
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And the <org plan> organization Acme exists
    And Alex has a pending invitation to Acme as member
    When Alex tries to move the individual account into Acme's member list
    Then it is refused because migration is not supported
    And Acme's member list has no entry for Alex's individual account and no new member
    And Alex's individual account still has the <plan> plan
    And Alex's individual account is unchanged, with all its conversations and projects
    And Alex's account list is the same as before
    And Alex's invitation to Acme is still pending

    Examples:
      | plan | org plan   |
      | Free | Team       |
      | Free | Enterprise |
      | Pro  | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |
      | Max  | Enterprise |

  @S03 @R-ERR-account_migration_unsupported @R-OP-request_migration-2
  Scenario Outline: The owner cannot move an individual <plan> account into their own <org plan> organization
    Given Alex has an individual <plan> account
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And Alex has created the <org plan> organization Acme
    When Alex tries to move the individual account into Acme's member list
    Then it is refused because migration is not supported
    And Acme's member list has no entry for Alex's individual account and no new member
    And Alex's individual account still has the <plan> plan
    And Alex's individual account is unchanged, with all its conversations and projects
    And Alex's organization account has no conversations
    And Alex's account list is the same as before

    Examples:
      | plan | org plan   |
      | Free | Team       |
      | Free | Enterprise |
      | Pro  | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |
      | Max  | Enterprise |

  @S03 @R-THING-invitation-1 @R-THING-account-2
  Scenario Outline: Joining the <org plan> organization with the same email gives a new account; the <plan> account stays
    Given Alex has an individual <plan> account
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And the <org plan> organization Acme exists
    When Alex accepts an invitation to Acme sent to the same email
    Then Alex has a new organization account in Acme beside the individual account
    And Acme's member list shows Alex's new organization account and not the individual account
    And Alex's individual account still has the <plan> plan
    And Alex's individual account is unchanged, with all its conversations and projects
    And Alex's organization account has no conversations
    And Alex's organization account has no projects

    Examples:
      | plan | org plan   |
      | Free | Team       |
      | Free | Enterprise |
      | Pro  | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |
      | Max  | Enterprise |
