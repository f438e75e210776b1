Feature: Every operation that needs a session refuses a request without a valid one
  The contract marks which of its operations need a signed-in session. Each of them is
  tried without a session and with a made-up one: every one is refused because the session
  is not valid, before anything else is looked at. The list of operations comes from the
  contract itself, so an operation added to it is checked too. (The session of a deleted
  individual account is tried on every operation as well: see the deletion feature.)

  Source: "Individuelle Konten (Free, Pro und Max) und Organisationskonten (Team und
  Enterprise) sind vollständig getrennt" — what belongs to an account is reached only
  through a session of its own identity.

  @S01 @security
  Scenario: Without a session every operation that needs one is refused
    When someone calls every operation that needs a session without a session
    Then every one of them is refused because the session is not valid

  @S01 @security
  Scenario: With a made-up session every operation that needs one is refused
    When someone calls every operation that needs a session with a made-up session
    Then every one of them is refused because the session is not valid
