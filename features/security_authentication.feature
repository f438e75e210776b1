Feature: Every operation that needs a session refuses a request without a valid one
  The contract marks which of its operations need a signed-in session. Each of them is
  tried without a session and with a made-up one, aimed at real things of the scenario and
  with a valid request, so the session is the only thing wrong: every one is refused because
  the session is not valid. The list of operations comes from the
  contract itself, so an operation added to it is checked too. (The session of a deleted
  individual account is tried on every operation as well: see the deletion feature.)

  Source: "Individuelle Konten (Free, Pro und Max) und Organisationskonten (Team und
  Enterprise) sind vollständig getrennt" — what belongs to an account is reached only
  through a session of its own identity.

  @S01 @security @R-CONV-02 @R-ERR-unauthenticated @R-OP-get_me-1 @R-OP-list_my_accounts-1 @R-OP-list_my_invitations-1
  Scenario: Without a session every operation that needs one is refused
    When someone calls every operation that needs a session without a session
    Then every one of them is refused because the session is not valid

  @S01 @security @R-CONV-02 @R-ERR-unauthenticated
  Scenario Outline: A real session sent under the <scheme> scheme is refused by every operation
    When someone calls every operation that needs a session with a real session under the <scheme> scheme instead of Bearer
    Then every one of them is refused because the session is not valid

    Examples:
      | scheme |
      | Basic  |
      | Token  |

  @S01 @security @R-CONV-02 @R-ERR-unauthenticated
  Scenario: With a made-up session every operation that needs one is refused
    When someone calls every operation that needs a session with a made-up session
    Then every one of them is refused because the session is not valid
