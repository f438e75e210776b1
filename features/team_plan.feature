Feature: Single sign-on and domain verification are Enterprise features
  The article lists single sign-on and domain verification under "considerations for
  Enterprise plans". The suite reads this as: a Team organization is refused them because
  its plan lacks the feature, while an Enterprise organization, taking the very same steps,
  gets them.

  Source: "Überlegungen für Enterprise-Tarife — Organisationen mit Enterprise-Tarifen haben
  Zugriff auf Single Sign-On (SSO) und Domain-Verifizierung."

  @S14 @interpreted @R-ERR-plan_feature_unavailable @R-OP-configure_sso-2
  Scenario Outline: A <plan> organization tries to set up single sign-on
    Given Olivia has created the <plan> organization Acme
    When Olivia tries to configure single sign-on for Acme
    Then <outcome>

    Examples:
      | plan       | outcome                                          |
      | Team       | it is refused because the plan lacks the feature |
      | Enterprise | it succeeds                                      |

  @S14 @interpreted @R-ERR-plan_feature_unavailable @R-OP-add_domain-2
  Scenario Outline: A <plan> organization tries to add a domain for verification
    Given Olivia has created the <plan> organization Acme
    When Olivia tries to add Acme's company domain
    Then <outcome>

    Examples:
      | plan       | outcome                                          |
      | Team       | it is refused because the plan lacks the feature |
      | Enterprise | it succeeds                                      |

  @S14 @interpreted @R-THING-account-7
  Scenario: A Team account does not offer single sign-on or domain verification
    Given Olivia has created the Team organization Acme
    Then Olivia's account in Acme offers neither single sign-on nor domain verification

  @S14 @interpreted @S13 @R-THING-account-7
  Scenario: An Enterprise account offers single sign-on and domain verification
    Given Olivia has created the Enterprise organization Acme
    Then Olivia's account in Acme offers single sign-on and domain verification
