Feature: Every refusal names its reason, with the status the contract gives it
  A client acts on the stable reason a refusal names, and on the kind of answer that
  carries it. The other features reach most reasons; these scenarios reach the rest: signing
  up twice, accepting an invitation twice or to an organization one already belongs to,
  using data without any account, adding a domain twice, a request with a method no
  operation takes, a body that is too large, not declared as data or not well-formed, an
  identifier no object can have. Each refusal is checked for its reason and for the kind of
  answer the contract's table of reasons gives it; everything else in each request is
  valid, so the one wrong thing decides the refusal, and nothing changes.

  Reading R8: errors are machine-readable, and a refusal never leaves a partial change.

  @S01 @R-ERR-account_exists @R-OP-sign_up_individual-1 @R-THING-account-2
  Scenario: Signing up while the individual account exists is refused
    Given Alex has an individual Free account
    When Alex tries to sign up for an individual account
    Then it is refused because the account exists already
    And Alex's account list shows 1 accounts

  @S03 @R-ERR-account_exists @R-OP-accept_invitation-3 @R-OP-list_my_invitations-2
  Scenario: Accepting a second invitation to an organization one belongs to is refused
    Given Olivia has created the Team organization Acme
    And Mia has joined Acme as member by invitation
    And Mia has a pending invitation to Acme as admin
    When Mia tries to accept the invitation to Acme
    Then it is refused because the account exists already
    And Acme's member list shows Mia as member
    And Mia's account list shows 1 accounts

  @S03 @R-ERR-invitation_not_pending @R-OP-accept_invitation-2 @R-THING-invitation-1
  Scenario: An invitation that was accepted cannot be accepted again
    Given Olivia has created the Team organization Acme
    And Mia has a pending invitation to Acme as member
    And Mia has accepted the invitation to Acme
    When Olivia removes Mia from Acme
    And Mia tries to accept the invitation to Acme
    Then it is refused because the invitation is no longer pending
    And Mia's account list shows nothing of Acme

  @S09 @S11 @ui @R-ERR-no_current_account @R-SESSION-07 @R-SESSION-01
  @R-OP-create_conversation-1 @R-OP-list_conversations-1 @R-OP-create_project-1 @R-OP-list_projects-1
  Scenario Outline: Without any account, trying to <use> is refused because no account is in use
    Given Alex has signed in but has no account yet
    When Alex tries to <use> in the current account
    Then it is refused because there is no account in use
    And Alex's account list shows 0 accounts

    Examples:
      | use                    |
      | list the conversations |
      | create a conversation  |
      | list the projects      |
      | create a project       |

  @S12 @R-OP-cancel_individual_subscription-1 @R-OP-delete_individual_account-1 @R-ERR-not_found
  Scenario: Without an individual account there is no subscription to cancel and nothing to delete
    Given Alex has created the Team organization Acme
    When Alex tries to cancel the individual subscription
    Then it is refused because it was not found
    When Alex tries to delete the individual account
    Then it is refused because it was not found
    And Alex's account list shows 1 accounts

  @S13 @R-ERR-domain_exists @R-OP-add_domain-4 @R-CONV-11
  Scenario: Adding a domain the organization already has is refused, however it is written
    Given Olivia has created the Enterprise organization Acme
    And Acme has added its company domain
    When Olivia tries to add Acme's company domain
    Then it is refused because the organization has the domain already
    When Olivia tries to add Acme's company domain in upper case
    Then it is refused because the organization has the domain already
    And Acme's company domain is pending

  @S02 @R-ERR-invalid_request @R-OP-create_organization-1
  Scenario: An organization with a plan that does not exist is refused as invalid
    Given Nina has signed in but has no account yet
    When Nina tries to create an organization with a plan that does not exist
    Then it is refused because the request is invalid
    And Nina's account list shows 0 accounts

  @S03 @R-OP-request_migration-1 @R-ERR-not_found
  Scenario: Moving an account into an organization one has no way into is refused as not found
    Given Alex has an individual Pro account
    And the Team organization Acme exists
    When Alex tries to move the individual account into Acme's member list
    Then it is refused because it was not found
    And Acme's member list has no entry for Alex's individual account and no new member

  @S14 @interpreted @R-ORDER-2 @R-OP-configure_sso-2
  Scenario: An admin of a Team organization is refused single sign-on because of the plan, not the role
    Given Olivia has created the Team organization Acme
    And Ada is an admin of Acme
    When Ada tries to configure single sign-on for Acme
    Then it is refused because the plan lacks the feature

  @S18 @interpreted @R-ORDER-3 @R-OP-update_domain_settings-3
  Scenario: An admin is refused a setting of an unverified domain because of the role, not the state
    Given Olivia has created the Enterprise organization Acme
    And Acme has added its company domain
    And Ada is an admin of Acme
    When Ada tries to turn the member restriction on for Acme's company domain
    Then it is refused because the role may not do this
    And the member restriction is off for Acme's company domain

  @S01 @security @hostile @R-ERR-method_not_allowed
  Scenario: A request with a method no operation takes is refused because the method is not allowed
    Given Alex has an individual Pro account
    And Alex has 1 conversation in the individual account
    And Alex has 1 project in the individual account
    And Alex has created the Enterprise organization Acme
    And Acme has added its company domain
    And the Team organization Globex exists
    And Alex has a pending invitation to Globex as member
    When Alex uses every address of the service with a method it does not offer
    Then every one of those requests is refused because the method is not allowed
    And a fresh look shows that nothing has changed

  @S01 @security @hostile @R-CONV-04 @R-CONV-05
  Scenario Outline: <input> sent with requests that would otherwise succeed is refused because <reason>
    Given Alex has an individual Pro account
    And Alex has 1 conversation in the individual account
    And Alex has 1 project in the individual account
    And Alex has created the Enterprise organization Acme
    When Alex sends <input> with each request that would otherwise succeed
    Then every one of those requests is refused because <reason>
    And a fresh look shows that nothing has changed

    @R-ERR-payload_too_large @R-CONV-07
    Examples: too large
      | input                           | reason                |
      | a body of more than one megabyte | the body is too large |

    @R-ERR-unsupported_media_type
    Examples: not declared as data
      | input                                                      | reason                           |
      | a body declared as plain text, as a web form or not at all | the body is not declared as data |

    @R-ERR-invalid_request
    Examples: not well-formed
      | input                          | reason                      |
      | a body that is not well-formed | the body is not well-formed |

    @R-ERR-not_found @R-CONV-08
    Examples: an identifier no object can have
      | input                                               | reason           |
      | an identifier that tries to climb out of its folder | it was not found |
      | an identifier with a hidden null character          | it was not found |
      | an identifier of 5,000 characters                   | it was not found |
      | an identifier that smuggles in a database command   | it was not found |
