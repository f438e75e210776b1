Feature: Limits hold exactly at their boundary, and names compare without regard to case
  The contract gives every text a longest length: titles and names two hundred characters,
  an identity provider's id 1,024, a domain name two hundred and fifty-three, an email
  address two hundred and fifty-four. A text of exactly that length is accepted and kept
  exactly as written, letters outside ASCII included; one character more is refused as
  invalid and creates or changes nothing. A request body of exactly one megabyte is not
  refused as too large; one byte more is, whether its length is declared or it arrives in
  chunks without one.

  Email addresses and domains are compared without regard to case: a domain is kept in
  lower case and is found, verified and changed however its name is written, and the member
  restriction and the sign-up block cover an address at the domain however either of them
  is written. A subdomain, a name that only ends like the domain, a neighbour that sorts
  after it and its parent are other domains.

  Reading: "texts over their limit", "bodies over 1 MiB" and "compared case-insensitively"
  of the contract's conventions, each checked exactly at the boundary and one past it.

  @S11 @R-CONV-06 @R-ERR-invalid_request
  Scenario Outline: In conversations and projects, the longest <text> allowed (<longest>) is kept exactly, one character more is refused
    Given Olivia has created the Enterprise organization Acme
    When Olivia tries to write the longest <text> the contract allows
    Then it succeeds
    And the <text> is kept exactly as written
    When Olivia tries to write the <text> one character longer than allowed
    Then it is refused because the request is invalid
    And the refused <text> left nothing behind

    Examples:
      | text               | longest                          |
      | conversation title | two hundred characters           |
      | project name       | two hundred characters           |

  @S03 @R-CONV-06 @R-CONV-10 @R-ERR-invalid_request @R-OP-create_organization-1
  @R-OP-create_organization-2 @R-OP-list_my_invitations-2
  Scenario Outline: In organizations and invitations, the longest <text> allowed (<longest>) is kept exactly, one character more is refused
    Given Olivia has created the Enterprise organization Acme
    When Olivia tries to write the longest <text> the contract allows
    Then it succeeds
    And the <text> is kept exactly as written
    When Olivia tries to write the <text> one character longer than allowed
    Then it is refused because the request is invalid
    And the refused <text> left nothing behind

    Examples:
      | text                  | longest                                  |
      | organization name     | two hundred characters                   |
      | invited email address | two hundred and fifty-four characters    |

  @S13 @R-CONV-06 @R-CONV-11 @R-THING-sso-1 @R-OP-add_domain-6 @R-OP-add_domain-7
  Scenario Outline: In single sign-on and domains, the longest <text> allowed (<longest>) is kept exactly, one character more is refused
    Given Olivia has created the Enterprise organization Acme
    When Olivia tries to write the longest <text> the contract allows
    Then it succeeds
    And the <text> is kept exactly as written
    When Olivia tries to write the <text> one character longer than allowed
    Then it is refused because the request is invalid
    And the refused <text> left nothing behind

    Examples:
      | text                 | longest                                  |
      | identity-provider id | 1,024 characters                         |
      | domain name          | two hundred and fifty-three characters   |

  @S11 @security @hostile @R-CONV-07 @R-ERR-payload_too_large @R-CONV-04 @R-CONV-05
  Scenario Outline: A body of exactly one megabyte is not too large, one byte more is (<sending>)
    Given Alex has an individual Pro account
    When Alex creates a conversation with a body of exactly one megabyte sent <sending>
    Then that body was not refused as too large
    When Alex tries to create a conversation with a body of one megabyte and one byte sent <sending>
    Then every one of those requests is refused because the body is too large
    And a fresh look shows that nothing has changed

    Examples:
      | sending                              |
      | with its length declared             |
      | in chunks without a declared length  |

  @S15 @R-RESTRICT-01 @R-RESTRICT-03 @R-RESTRICT-05 @R-CONV-10 @R-CONV-11
  @R-OP-get_account-2 @R-OP-list_projects-2 @R-ERR-domain_restricted
  Scenario Outline: The restriction covers an address at the domain however both are written (domain in <domain case>, address in <address case>)
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain written in <domain case>
    And Nina has an email address at Acme's company domain written in <address case>
    And Nina has an individual Pro account
    When Olivia turns the member restriction on for Acme's company domain
    Then Nina's individual account is listed as restricted
    And reading Nina's individual account by its id shows it restricted, with the email as written
    When Nina tries to list the projects in the current account
    Then it is refused because the domain is restricted

    Examples:
      | domain case | address case |
      | upper case  | lower case   |
      | lower case  | upper case   |
      | mixed case  | upper case   |

  @S17 @R-RESTRICT-08 @R-CONV-10 @R-CONV-11 @R-OP-sign_up_individual-2 @R-ERR-domain_restricted
  Scenario Outline: The sign-up block covers an address at the domain however both are written (domain in <domain case>, address in <address case>)
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain written in <domain case>
    And Acme has turned the sign-up block on for its company domain
    And Nina has an email address at Acme's company domain written in <address case>
    When Nina tries to sign up for an individual account
    Then it is refused because the domain is restricted
    And Nina's account list shows 0 accounts

    Examples:
      | domain case | address case |
      | upper case  | lower case   |
      | mixed case  | upper case   |

  @S13 @R-CONV-11 @R-ERR-domain_exists @R-OP-add_domain-4 @R-OP-add_domain-7
  @R-OP-verify_domain-5 @R-TS-ts_publish_txt-1 @R-OP-update_domain_settings-4
  Scenario: A domain added in capitals is kept in lower case and found, verified and changed however it is written
    Given Olivia has created the Enterprise organization Acme
    When Olivia adds Acme's company domain written in upper case
    Then Acme's domains list its company domain once, in lower case
    And Olivia finds Acme's company domain written in mixed case
    When Olivia tries to add Acme's company domain written in mixed case
    Then it is refused because the organization has the domain already
    When Olivia tries to turn the member restriction on for Acme's company domain
    Then it is refused because the domain is not verified
    When Acme's proof for its company domain is published under its record name written in upper case
    And Olivia verifies Acme's company domain written in mixed case
    Then Acme's company domain is verified
    When Olivia turns the member restriction on for Acme's company domain written in upper case
    Then the member restriction is on for Acme's company domain
    And Acme's domains list its company domain once, in lower case

  @S15 @R-RESTRICT-01 @R-RESTRICT-02 @R-CONV-11
  Scenario Outline: An individual account at <nearby> the company domain stays active under the restriction
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain
    And Eli has an email address at <nearby> Acme's company domain
    And Eli has an individual Free account
    And Nina has an email address at Acme's company domain
    And Nina has an individual Free account
    When Olivia turns the member restriction on for Acme's company domain
    Then Eli's individual account is listed as active
    And Eli can create and list conversations in the current account
    And Nina's individual account is listed as restricted

    Examples:
      | nearby                       |
      | a subdomain of               |
      | a name that only ends like   |
      | a neighbour that sorts after |
      | the parent domain of         |
