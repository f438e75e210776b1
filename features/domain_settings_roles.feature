Feature: Only owners and the primary owner change single sign-on and domain settings
  The article names who may restrict verified domains and block individual sign-ups:
  owners and primary owners. The suite reads this as: single sign-on, domains and their
  settings are changed by an Owner or the Primary Owner only; an Admin or a Member is
  refused and nothing changes; someone outside the organization learns nothing about it
  (the same answer as for an organization that does not exist).

  Source: "Inhaber und Hauptinhaber können: … Die Nutzung verifizierter Domains auf Konten
  beschränken … Mitarbeiter daran hindern, neue individuelle Konten mit
  Unternehmens-E-Mail-Adressen zu erstellen."

  Background:
    Given Olivia has created the Enterprise organization Acme
    And Acme has verified its company domain
    And Acme has added its second company domain and published its proof

  @S18 @interpreted @S13 @S15 @S17 @R-MEMBERS-01 @R-OP-add_domain-7
  Scenario Outline: <who> may <action>
    Given <person> is <who> of Acme
    When <person> tries to <action>
    Then it succeeds
    And Acme's primary owner sees the change

    Examples: The primary owner
      | person | who               | action                                                   |
      | Olivia | the primary owner | configure single sign-on for Acme                        |
      | Olivia | the primary owner | add the eu subdomain of Acme's company domain            |
      | Olivia | the primary owner | verify Acme's second company domain                      |
      | Olivia | the primary owner | turn the member restriction on for Acme's company domain |
      | Olivia | the primary owner | turn the sign-up block on for Acme's company domain      |

    Examples: An owner
      | person | who      | action                                                   |
      | Oscar  | an owner | configure single sign-on for Acme                        |
      | Oscar  | an owner | add the eu subdomain of Acme's company domain            |
      | Oscar  | an owner | verify Acme's second company domain                      |
      | Oscar  | an owner | turn the member restriction on for Acme's company domain |
      | Oscar  | an owner | turn the sign-up block on for Acme's company domain      |

  @S18 @interpreted @R-ERR-insufficient_role @R-OP-configure_sso-3 @R-OP-add_domain-3 @R-OP-verify_domain-3 @R-OP-update_domain_settings-3 @R-CONV-04
  Scenario Outline: <who> may not <action>, and nothing changes
    Given <person> is <who> of Acme
    When <person> tries to <action>
    Then it is refused because the role may not do this
    And Acme's primary owner sees that nothing changed

    Examples: An admin
      | person | who      | action                                                   |
      | Ada    | an admin | configure single sign-on for Acme                        |
      | Ada    | an admin | add the eu subdomain of Acme's company domain            |
      | Ada    | an admin | verify Acme's second company domain                      |
      | Ada    | an admin | turn the member restriction on for Acme's company domain |
      | Ada    | an admin | turn the sign-up block on for Acme's company domain      |

    Examples: A member
      | person | who      | action                                                   |
      | Mara   | a member | configure single sign-on for Acme                        |
      | Mara   | a member | add the eu subdomain of Acme's company domain            |
      | Mara   | a member | verify Acme's second company domain                      |
      | Mara   | a member | turn the member restriction on for Acme's company domain |
      | Mara   | a member | turn the sign-up block on for Acme's company domain      |

  @S18 @interpreted @R-ERR-not_found @R-ORDER-1 @R-OP-configure_sso-1 @R-OP-add_domain-1 @R-OP-verify_domain-1 @R-OP-update_domain_settings-1
  Scenario Outline: Someone outside Acme who tries to <action> learns nothing about Acme
    Given Nick is not a member of Acme
    When Nick tries to <action>
    Then it is refused because it was not found
    And Acme's primary owner sees that nothing changed
    And Nick is refused the same way for an organization that does not exist

    Examples:
      | action                                                   |
      | configure single sign-on for Acme                        |
      | add the eu subdomain of Acme's company domain            |
      | verify Acme's second company domain                      |
      | turn the member restriction on for Acme's company domain |
      | turn the sign-up block on for Acme's company domain      |
