@browser @since-1.2
Feature: The account switcher on the screen
  A person with both an individual account and an organization account on the same email
  switches between them on the screen: they click their initials or their name in the
  lower-left corner, a blue check mark shows the account they are using, and clicking the
  other account switches to it, with its own conversations and projects.

  These scenarios drive the service's own page in a real browser (run them with
  --browser). A locator file maps the page (which element is the trigger, the entries, the
  marker, the lists), so any service's page can be checked without changing a step. The
  browser is signed in as the same session the other steps use, so what the screen shows
  is compared with what the service answers.

  Source: "…indem sie auf ihre Initialen oder ihren Namen in der unteren linken Ecke des
  Bildschirms klicken", "Ein blaues Häkchen zeigt an, welches Konto Sie derzeit verwenden."
  and "Klicken Sie auf das andere Konto, um zu diesem zu wechseln und auf dessen separate
  Unterhaltungen und Projekte zuzugreifen."

  Background:
    Given Alex has an individual Pro account
    And Alex is a member of the Team organization Acme under the same email
    And Alex has 2 conversations in the individual account
    And Alex has 1 project in the individual account
    And Alex has 3 conversations in the organization account
    And Alex has 2 projects in the organization account

  @S08 @ui
  Scenario Outline: The switcher opens from Alex's initials or name in the lower-left corner (<screen>)
    Given Alex has opened the service in the browser on a <screen> screen
    Then the switcher trigger shows Alex's initials or name
    And the switcher trigger lies in the lower-left corner of the screen
    When Alex opens the account switcher
    Then the switcher lists every account of Alex once

    Examples:
      | screen   |
      | 1280x800 |
      | 1024x768 |

  @S09 @ui
  Scenario: A blue check mark shows the account Alex is using
    Given Alex has opened the service in the browser on a 1280x800 screen
    When Alex opens the account switcher
    Then exactly one entry of the switcher carries the marker
    And the marker is a check mark
    And the marker is blue
    And the marker is on the account Alex's session is using

  @S10
  Scenario Outline: Clicking the <to> account switches to it and the check mark moves
    Given Alex has switched to the <from> account
    And Alex has opened the service in the browser on a 1280x800 screen
    When Alex chooses the <to> account in the switcher
    Then Alex's current account is the <to> account
    And exactly one entry of the switcher carries the marker
    And the marker is on the <to> account

    Examples:
      | from         | to           |
      | individual   | organization |
      | organization | individual   |

  @S10
  Scenario: With a second organization, clicking it makes that account current
    Given Alex is a member of the Team organization Globex under the same email
    And Alex has switched to the individual account
    And Alex has opened the service in the browser on a 1280x800 screen
    When Alex opens the account switcher
    Then the switcher lists every account of Alex once
    When Alex chooses the account in Globex in the switcher
    Then Alex's current account is the account in Globex
    And the marker is on the account in Globex

  @S11
  Scenario: With a second organization, clicking it shows only that account's items
    Given Alex is a member of the Team organization Globex under the same email
    And Alex has 2 conversations in the organization account in Globex
    And Alex has 1 project in the organization account in Globex
    And Alex has switched to the individual account
    And Alex has opened the service in the browser on a 1280x800 screen
    When Alex chooses the account in Globex in the switcher
    Then the screen shows the conversations and projects of the account in Globex

  @S11
  Scenario: After switching, the screen shows only the chosen account's conversations and projects
    Given Alex has switched to the individual account
    And Alex has opened the service in the browser on a 1280x800 screen
    Then the screen shows the conversations and projects of the individual account
    When Alex chooses the organization account in the switcher
    Then the screen shows the conversations and projects of the organization account
    And the screen shows what the service lists for Alex's session
    When Alex chooses the individual account in the switcher
    Then the screen shows the conversations and projects of the individual account
    And the screen shows what the service lists for Alex's session
