Feature: Hostile input is refused cleanly and changes nothing
  Whatever a client sends, the service answers with a clear refusal that names a stable
  reason, never with a server error, and never half-applies a request: a body that is not
  well-formed, a body declared as something other than data, missing fields, fields set to
  nothing or of the wrong type, a name of 10,000 characters, a body of more than one
  megabyte, or an identifier that tries to climb out of its folder, hides a null character,
  runs to 5,000 characters or smuggles in a database command.

  Every operation gets the inputs that fit it (an operation without a body has no fields to
  break), and every other part of each request is valid: the person's own session, the ids
  of the scenario's own things and otherwise sensible data, so the one wrong thing is what
  must be refused. Afterwards a fresh look shows no new conversation, project, organization,
  invitation or domain, no changed setting, role or plan, and no other current account.

  Reading R8: errors are machine-readable, and a refusal never leaves a partial change.

  @security @hostile @S07 @R-CONV-03 @R-CONV-04 @R-CONV-05
  Scenario Outline: Switching accounts refuses <input> cleanly
    Given Alex has an individual Free account and a Team organization account in Acme
    When Alex sends <input> to every account switching operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a name or other text of 10,000 characters           |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |

  @security @hostile @S17 @R-CONV-03 @R-CONV-04 @R-CONV-05
  Scenario Outline: Signing up refuses <input> cleanly
    Given Alex has signed in but has no account yet
    When Alex sends <input> to every sign-up operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body or fields of the wrong type                  |
      | a body of more than one megabyte                    |

  @security @hostile @S12 @R-CONV-03 @R-CONV-04 @R-CONV-05
  Scenario Outline: Cancelling the subscription refuses <input> cleanly
    Given Alex has an individual Pro account
    When Alex sends <input> to every subscription operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body or fields of the wrong type                  |
      | a body of more than one megabyte                    |

  @security @hostile @S03 @R-CONV-03 @R-CONV-04 @R-CONV-05 @R-CONV-06
  Scenario Outline: Organizations, invitations and migration refuse <input> cleanly
    Given Alex has an individual Pro account
    And Alex has created the Team organization Acme
    And the Team organization Globex exists
    And Alex has a pending invitation to Globex as member
    When Alex sends <input> to every organization, invitation and migration operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a name or other text of 10,000 characters           |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |

  @security @hostile @S04 @R-CONV-03 @R-CONV-04 @R-CONV-05
  Scenario Outline: Merging refuses <input> cleanly
    Given Alex has an individual Pro account and a Team organization account in Acme
    When Alex sends <input> to every merge operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a name or other text of 10,000 characters           |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |

  @security @hostile @S11 @R-CONV-03 @R-CONV-04 @R-CONV-05 @R-CONV-06
  Scenario Outline: Conversations and projects refuse <input> cleanly
    Given Alex has an individual Pro account
    And Alex has 1 conversation in the individual account
    And Alex has 1 project in the individual account
    When Alex sends <input> to every conversation and project operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a name or other text of 10,000 characters           |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |

  @security @hostile @S13 @R-CONV-03 @R-CONV-04 @R-CONV-05 @R-CONV-06
  Scenario Outline: Single sign-on and domains refuse <input> cleanly
    Given Alex has created the Enterprise organization Acme
    And Acme has added its company domain
    When Alex sends <input> to every single sign-on and domain operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a name or other text of 10,000 characters           |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |

  @security @hostile @S15 @S17 @R-CONV-03 @R-CONV-04 @R-CONV-05
  Scenario Outline: The member restriction and the sign-up block refuse <input> cleanly
    Given Alex has created the Enterprise organization Acme
    And Acme has verified its company domain
    When Alex sends <input> to every domain setting operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |

  @security @hostile @S18 @interpreted @R-CONV-03 @R-CONV-04 @R-CONV-05
  Scenario Outline: Member roles, removal and ownership transfer refuse <input> cleanly
    Given Alex has created the Team organization Acme
    And Blake has joined Acme as member by invitation
    When Alex sends <input> to every membership operation
    Then every one of those requests is refused cleanly
    And a fresh look shows that nothing has changed

    Examples:
      | input                                               |
      | a body that is not well-formed                      |
      | a body declared as plain text, as a web form or not at all |
      | a body without its required fields                  |
      | a body with fields set to nothing                   |
      | a body or fields of the wrong type                  |
      | a name or other text of 10,000 characters           |
      | a body of more than one megabyte                    |
      | an identifier that tries to climb out of its folder |
      | an identifier with a hidden null character          |
      | an identifier of 5,000 characters                   |
      | an identifier that smuggles in a database command   |
