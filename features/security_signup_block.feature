Feature: Written differently, a company address is still blocked, and a look-alike is not
  While the sign-up block is on, nobody gets a new individual account at the company
  domain, however the address is written: with spaces around it or with the trailing dot
  that fully qualified domain names may carry, the address is either refused as invalid or
  taken for what it is, an address at the company domain, and refused. A domain that only
  looks like the company domain (a Cyrillic letter in place of a Latin one) is another
  domain: written as such it is not an address the contract accepts (its emails are ASCII
  addresses), so it is refused as invalid input; in its ASCII form the block does not cover
  it, so sign-up there is allowed, or refused as invalid input, but never because of the
  company's block.

  Source: "Mitarbeiter daran hindern, neue individuelle Konten mit
  Unternehmens-E-Mail-Adressen zu erstellen."

  Background:
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain
    And Acme has turned the sign-up block on for its company domain

  @S17 @security @R-RESTRICT-08 @R-CONV-10
  Scenario Outline: An address <address> gets no individual account while the block is on
    Given Nina has an email address <address>
    When Nina tries to sign up for an individual account
    Then the attempt was refused as invalid input or because the domain is restricted
    And Nina has no individual account at Acme's company domain

    Examples:
      | address                                         |
      | at Acme's company domain with spaces around it  |
      | at Acme's company domain with a trailing dot    |

  @S17 @security @R-CONV-11
  Scenario Outline: An address <address> is at another domain and not blocked
    Given Nina has an email address <address>
    When Nina tries to sign up for an individual account
    Then it succeeds or is refused as invalid input, but not because the domain is restricted

    Examples:
      | address                                                    |
      | at a look-alike of Acme's company domain in its ASCII form |

  @S17 @security @R-CONV-11
  Scenario: An address at a look-alike of the company domain written in Unicode is invalid
    Given Nina has an email address at a look-alike of Acme's company domain
    When Nina tries to sign up for an individual account
    Then it is refused because the request is invalid
