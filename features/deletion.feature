Feature: Giving up the individual account and keeping only the organization account
  A user who wants to use only the Team or Enterprise account from now on can cancel the
  individual paid plan and delete the individual account. Afterwards the individual account
  and its data are gone, and the organization account on the same email still works with
  all its data.

  Source: "Wenn Sie das individuelle Konto lieber einstellen und künftig nur das Team- oder
  Enterprise-Tarifkonto verwenden möchten, können Sie den Anweisungen hier folgen, um das
  individuelle Konto zu kündigen und zu löschen"

  @S12 @R-ERR-subscription_active @R-OP-delete_individual_account-2 @R-DELETE-01
  Scenario Outline: A <plan> account cannot be deleted while its subscription is active
    Given Alex has an individual <plan> account
    And Alex is a member of the <org plan> organization Acme under the same email
    When Alex tries to delete the individual account
    Then it is refused because the subscription is still active
    And Alex's individual account still has the <plan> plan

    Examples:
      | plan | org plan   |
      | Pro  | Team       |
      | Max  | Enterprise |

  @S12 @R-DELETE-02 @R-OP-cancel_individual_subscription-2 @R-THING-account-3 @R-SESSION-09
  Scenario Outline: After cancelling and deleting the <plan> account only the <org plan> account is left
    Given Alex has an individual <plan> account
    And Alex is a member of the <org plan> organization Acme under the same email
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And Alex has 1 conversation in the organization account
    When Alex cancels the individual subscription
    And Alex deletes the individual account
    And Alex signs in again
    Then Alex's account list shows only the organization account in Acme
    And Alex's deleted individual account and its conversations and projects can no longer be found

    Examples:
      | plan | org plan   |
      | Pro  | Team       |
      | Pro  | Enterprise |
      | Max  | Team       |
      | Max  | Enterprise |

  @S12 @security @R-DELETE-03 @R-DELETE-04 @R-ERR-unauthenticated
  Scenario Outline: The session that was on the deleted <plan> account is no longer valid
    Given Alex has an individual <plan> account
    And Alex is a member of the Team organization Acme under the same email
    And Alex is also signed in elsewhere with the organization account current
    And Alex has switched to the individual account
    And Alex has cancelled the individual subscription
    And Alex has deleted the individual account
    When Alex tries to use the session that was on the individual account
    Then it is refused because the session is not valid
    And every operation that needs a session refuses the session Alex had on the individual account
    And Alex's other session on the organization account still works

    Examples:
      | plan |
      | Pro  |
      | Max  |

  @S12 @R-DELETE-04 @R-SESSION-09
  Scenario Outline: The <org plan> account still signs in with all its data after the <plan> account is deleted
    Given Alex has an individual <plan> account
    And Alex is a member of the <org plan> organization Acme under the same email
    And Alex has 1 conversation in the individual account
    And Alex has 2 conversations in the organization account
    And Alex has 1 project in the organization account
    And Alex is also signed in elsewhere with the organization account current
    And Alex has switched to the individual account
    And Alex has cancelled the individual subscription
    When Alex deletes the individual account
    And Alex signs in again
    Then Alex's current account is the organization account
    And Alex's organization account is unchanged, with all its conversations and projects
    And Acme's member list has no entry for Alex's individual account and no new member
    And Alex's other session on the organization account still works

    Examples:
      | plan | org plan   |
      | Pro  | Team       |
      | Max  | Enterprise |

  @S12 @R-OP-sign_up_individual-3 @R-DELETE-02
  Scenario: Signing up again gives a new, empty individual account
    Given Alex has an individual Max account
    And Alex is a member of the Enterprise organization Acme under the same email
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And Alex has cancelled the individual subscription
    And Alex has deleted the individual account
    When Alex signs in again
    And Alex signs up for an individual account
    Then Alex's new individual account is empty and has another id than the deleted one
    And Alex's account list shows 2 accounts
