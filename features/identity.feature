Feature: The switcher opens from the person's initials or name
  People with both kinds of account open the account switcher by clicking their initials or
  their name in the lower-left corner of the screen. Over the service's interface the suite
  checks the data the switcher shows: the signed-in person's name and initials (the first
  letters of the first and the last name, upper-case). Where the screen shows them only a
  check in a real browser can confirm.

  Source: "…indem sie auf ihre Initialen oder ihren Namen in der unteren linken Ecke des
  Bildschirms klicken"

  @S08 @ui @R-THING-identity-1 @R-OP-get_me-2 @R-TS-ts_start_session-1
  Scenario Outline: The switcher shows the person's name and initials while the <account> account is in use
    Given Alex has an individual Pro account
    And Alex is a member of the Team organization Acme under the same email
    And Alex has switched to the <account> account
    Then the switcher shows Alex's name and initials

    Examples:
      | account      |
      | individual   |
      | organization |

  @S08 @ui @R-THING-identity-1 @R-OP-get_me-2 @R-TS-ts_start_session-1 @R-SESSION-07
  Scenario: The switcher shows the name and initials before there is any account
    Given Alex has signed in but has no account yet
    Then the switcher shows Alex's name and initials

  @S08 @ui @R-THING-identity-1 @R-OP-get_me-2
  Scenario Outline: The initials of "<name>" are <initials>
    Given Bea is called "<name>"
    And Bea has an individual Free account
    Then the switcher shows Bea as "<name>" with the initials "<initials>"

    Examples:
      | name               | initials |
      | Anna Schmidt       | AS       |
      | bea müller         | BM       |
      | Anna Maria Schmidt | AS       |
      | Jürgen von Ölberg  | JÖ       |
      | Cher               | C        |
