Feature: Individual accounts and organization accounts cannot be merged
  An individual Pro or Max account cannot be merged with a Team or Enterprise account, even
  when both use the same email address. The two kinds cannot be combined at all: a merge is
  refused in either direction and for every plan, the refusal names the two different
  account kinds, and both accounts stay exactly as they were.

  Source: "Nein, Sie können ein individuelles Pro- oder Max-Tarifkonto nicht mit einem
  Claude for Work-Konto (Team- oder Enterprise-Tarif) zusammenführen, selbst wenn beide
  Konten dieselbe E-Mail-Adresse verwenden." and "…können sie nicht kombiniert werden."

  @S04 @R-ERR-account_merge_unsupported @R-OP-request_merge-2 @R-CONV-04
  Scenario Outline: An individual <plan> account cannot be merged into the <org plan> account under <email>
    Given Alex has an individual <plan> account
    And Alex has 2 conversations in the individual account
    And Alex is a member of the <org plan> organization Acme under <email>
    And Alex has 1 project in the organization account in Acme
    When Alex tries to merge the individual account into the organization account
    Then it is refused because merging is not supported
    And Acme's member list has no entry for Alex's individual account and no new member
    And Alex's individual account still has the <plan> plan
    And Alex's individual account is unchanged, with all its conversations and projects
    And Alex's organization account is unchanged, with all its conversations and projects
    And Alex's account list is the same as before

    Examples:
      | plan | org plan   | email                  |
      | Pro  | Team       | the same email         |
      | Pro  | Enterprise | the same email         |
      | Max  | Team       | the same email         |
      | Max  | Enterprise | the same email         |
      | Pro  | Team       | a second email address |
      | Pro  | Enterprise | a second email address |
      | Max  | Team       | a second email address |
      | Max  | Enterprise | a second email address |

  @S05 @interpreted @R-ERR-account_merge_unsupported @R-OP-request_merge-2
  Scenario Outline: Merging the <from> account into the <to> account is refused because the kinds differ (<plan>, <org plan>, <email>)
    Given Alex has an individual <plan> account
    And Alex has 1 conversation in the individual account
    And Alex is a member of the <org plan> organization Acme under <email>
    And Alex has 1 project in the organization account in Acme
    When Alex tries to merge the <from> account into the <to> account
    Then it is refused because merging is not supported
    And the refusal names the account kinds <from> and <to>
    And Acme's member list has no entry for Alex's individual account and no new member
    And Alex's individual account still has the <plan> plan
    And Alex's individual account is unchanged, with all its conversations and projects
    And Alex's organization account is unchanged, with all its conversations and projects
    And Alex's account list is the same as before

    Examples: individual into organization
      | from       | to           | plan | org plan   | email                  |
      | individual | organization | Free | Team       | the same email         |
      | individual | organization | Free | Enterprise | the same email         |
      | individual | organization | Pro  | Team       | the same email         |
      | individual | organization | Pro  | Enterprise | the same email         |
      | individual | organization | Max  | Team       | the same email         |
      | individual | organization | Max  | Enterprise | the same email         |
      | individual | organization | Free | Enterprise | a second email address |

    Examples: organization into individual
      | from         | to         | plan | org plan   | email                  |
      | organization | individual | Free | Team       | the same email         |
      | organization | individual | Free | Enterprise | the same email         |
      | organization | individual | Pro  | Team       | the same email         |
      | organization | individual | Pro  | Enterprise | the same email         |
      | organization | individual | Max  | Team       | the same email         |
      | organization | individual | Max  | Enterprise | the same email         |
      | organization | individual | Free | Team       | a second email address |
