Feature: Who may do what in an organization: the role matrix
  The contract checks every operation on an organization in one order: the caller must be a
  member (else the organization is not found, exactly as if it did not exist), then the plan
  must have the feature, then the role must allow it, and only then the state. Here every
  role meets every operation on an organization: the primary owner, an owner, an admin, a
  member, and Nick, who uses the service with an individual account of his own but is no
  member. Seeing the organization, its member list, its single sign-on settings and its
  domains is open to every member. Changing a role and removing a member is for owners and
  the primary owner, handing the ownership on for the primary owner only, inviting for
  everyone but members, and an admin may not invite an owner. An allowed change shows its
  effect; a refused one leaves everything as it was. On a Team organization every single
  sign-on and domain operation is refused because the plan lacks the feature, whatever the
  role; someone outside still learns nothing. An invitation is seen and accepted only with
  the email it was sent to, compared without regard to case.

  The cells other features hold already are not repeated here: changing single sign-on,
  adding and verifying domains and changing their settings, for every role and from outside
  (the feature on who changes single sign-on and domain settings); an owner's, an admin's and
  a member's changes of roles and removals, and the ownership transfers of the primary owner,
  an owner and an admin (the feature on the one primary owner); the member list, domains and
  single sign-on settings read from outside (the security feature on reaching other people's
  objects).

  Source: "Inhaber und Hauptinhaber können …" (owners and primary owners can …)

  Background:
    Given Olivia has created the Enterprise organization Acme
    And Oscar is an owner of Acme
    And Ada is an admin of Acme
    And Mara is a member of Acme
    And Nick is not a member of Acme
    And single sign-on is configured for Acme
    And Acme has verified its company domain

  # -- seeing the organization ------------------------------------------------------------
  @S18 @interpreted
  Scenario Outline: Every member may <operation> Acme
    When Olivia, Oscar, Ada and Mara each try to <operation> Acme
    Then each of them sees what Acme's primary owner sees

    Examples: The organization
      | operation              |
      | see the details of     |
      | see the member list of |

    @R-ORDER-4
    Examples: Single sign-on and domains
      | operation                          |
      | see the single sign-on settings of |
      | see the domains of                 |
      | see a domain of                    |

  # -- members, roles and the ownership ---------------------------------------------------
  @S18 @interpreted @R-MEMBERS-01
  Scenario Outline: The primary owner may <action>
    When Olivia tries to <action>
    Then it succeeds
    And <effect>

    Examples: A change of role
      | action                                     | effect                                 |
      | give Mara's account the role admin in Acme | Acme's member list shows Mara as admin |

    @R-MEMBERS-05
    Examples: A removal
      | action                          | effect                            |
      | remove Mara's account from Acme | Mara is no longer a member of Acme |

  @S18 @interpreted @R-ERR-insufficient_role @R-CONV-04
  Scenario Outline: <who> may not <action>, and nothing changes
    When <person> tries to <action>
    Then it is refused because the role may not do this
    And Acme's member list is as it was
    And Olivia is still Acme's only primary owner

    @R-OP-transfer_ownership-2 @R-MEMBERS-04
    Examples: Handing the ownership on
      | who      | person | action                                           |
      | A member | Mara   | hand the ownership of Acme on to Oscar's account |

    @R-ORDER-3 @R-OP-change_member_role-2 @R-MEMBERS-01
    Examples: The role is checked before the primary owner's protection
      | who      | person | action                                          |
      | A member | Mara   | give Olivia's account the role member in Acme   |
      | An admin | Ada    | give Olivia's account the role member in Acme   |

    @R-ORDER-3 @R-OP-remove_member-2 @R-MEMBERS-01
    Examples: The role is checked before the primary owner's protection, on removal
      | who      | person | action                            |
      | A member | Mara   | remove Olivia's account from Acme |
      | An admin | Ada    | remove Olivia's account from Acme |

  @S01 @R-ERR-not_found @R-ORDER-1
  Scenario Outline: Someone outside Acme who tries to <action> learns nothing
    When Nick tries to <action>
    Then it is refused exactly as for an organization that never existed

    @R-OP-get_organization-1
    Examples: Seeing the organization
      | action                  |
      | see the details of Acme |

    Examples: Seeing a domain
      | action               |
      | see a domain of Acme |

  @S18 @interpreted @R-ERR-not_found @R-ORDER-1 @R-CONV-04
  Scenario Outline: Someone outside Acme who tries to <action> learns nothing and changes nothing
    When Nick tries to <action>
    Then it is refused exactly as for an organization that never existed
    And Acme's member list is as it was

    @R-OP-change_member_role-1
    Examples: Changing a role
      | action                                     |
      | give Mara's account the role admin in Acme |

    @R-OP-remove_member-1
    Examples: Removing a member
      | action                          |
      | remove Mara's account from Acme |

    @R-OP-transfer_ownership-1
    Examples: Handing the ownership on
      | action                                           |
      | hand the ownership of Acme on to Oscar's account |

  # -- invitations by role ----------------------------------------------------------------
  @S18 @interpreted
  Scenario Outline: <who> tries to invite someone as <role>
    When <person> tries to invite Ivy to Acme as <role>
    Then <outcome>
    And <invitations>

    Examples: Owners invite with every role; an admin as admin or member
      | who               | person | role   | outcome     | invitations                                          |
      | The primary owner | Olivia | owner  | it succeeds | Ivy's invitations show the invitation to Acme as owner  |
      | The primary owner | Olivia | admin  | it succeeds | Ivy's invitations show the invitation to Acme as admin  |
      | The primary owner | Olivia | member | it succeeds | Ivy's invitations show the invitation to Acme as member |
      | An owner          | Oscar  | owner  | it succeeds | Ivy's invitations show the invitation to Acme as owner  |
      | An owner          | Oscar  | admin  | it succeeds | Ivy's invitations show the invitation to Acme as admin  |
      | An owner          | Oscar  | member | it succeeds | Ivy's invitations show the invitation to Acme as member |
      | An admin          | Ada    | admin  | it succeeds | Ivy's invitations show the invitation to Acme as admin  |
      | An admin          | Ada    | member | it succeeds | Ivy's invitations show the invitation to Acme as member |

    @R-OP-create_invitation-2 @R-ERR-insufficient_role @R-CONV-04
    Examples: A member never invites; an admin not as owner
      | who      | person | role   | outcome                                        | invitations                 |
      | An admin | Ada    | owner  | it is refused because the role may not do this | Ivy has no pending invitation |
      | A member | Mara   | owner  | it is refused because the role may not do this | Ivy has no pending invitation |
      | A member | Mara   | admin  | it is refused because the role may not do this | Ivy has no pending invitation |
      | A member | Mara   | member | it is refused because the role may not do this | Ivy has no pending invitation |

    @R-OP-create_invitation-1 @R-ERR-not_found @R-ORDER-1 @R-CONV-04
    Examples: Someone outside learns nothing
      | who  | person | role   | outcome                                                           | invitations                   |
      | Nick | Nick   | owner  | it is refused exactly as for an organization that never existed | Ivy has no pending invitation |
      | Nick | Nick   | admin  | it is refused exactly as for an organization that never existed | Ivy has no pending invitation |
      | Nick | Nick   | member | it is refused exactly as for an organization that never existed | Ivy has no pending invitation |

  # -- accounts that are not members ------------------------------------------------------
  @S18 @interpreted @R-ERR-not_found @R-OP-change_member_role-1 @R-OP-remove_member-1 @R-CONV-04
  Scenario Outline: <caller> can neither change nor remove <account>: it is no member of Acme
    Given Olivia has created the Team organization Nimbus
    And Mara is a member of Nimbus
    And Ivy is an owner of Acme
    And Ivy has also signed up for an individual account
    When <caller> tries to give <account> the role admin in Acme
    Then it is refused because it was not found
    And Acme's member list is as it was
    And Nimbus's member list is as it was
    And <person>'s account list is the same as before
    When <caller> tries to remove <account> from Acme
    Then it is refused because it was not found
    And Acme's member list is as it was
    And Nimbus's member list is as it was
    And <person>'s account list is the same as before

    Examples:
      | caller | account                    | person |
      | Olivia | Mara's account in Nimbus   | Mara   |
      | Olivia | Olivia's account in Nimbus | Olivia |
      | Ivy    | Ivy's individual account   | Ivy    |
      | Olivia | Nick's individual account  | Nick   |

  # -- a Team organization: member, then plan, then role -----------------------------------
  @S14 @interpreted @R-ERR-plan_feature_unavailable @R-ORDER-2
  Scenario Outline: On a Team organization every role is refused to <operation> it, for the plan
    Given Olivia has created the Team organization Tandem
    And Oscar is an owner of Tandem
    And Ada is an admin of Tandem
    And Mara is a member of Tandem
    When Olivia, Oscar, Ada and Mara each try to <operation> Tandem
    Then each of them is refused because the plan lacks the feature

    @R-OP-get_sso-2
    Examples: Seeing single sign-on
      | operation                          |
      | see the single sign-on settings of |

    @R-OP-configure_sso-2
    Examples: Changing single sign-on
      | operation                             |
      | change the single sign-on settings of |

    @R-OP-add_domain-2
    Examples: Adding a domain
      | operation       |
      | add a domain to |

    @R-OP-list_domains-2
    Examples: Listing the domains
      | operation          |
      | see the domains of |

    @R-OP-get_domain-2
    Examples: Seeing a domain
      | operation       |
      | see a domain of |

    @R-OP-verify_domain-2
    Examples: Verifying a domain
      | operation          |
      | verify a domain of |

    @R-OP-update_domain_settings-2
    Examples: Changing a domain's settings
      | operation                          |
      | change the settings of a domain of |

  @S01 @R-ERR-not_found @R-ORDER-1
  Scenario Outline: Someone outside the Team organization Tandem who tries to <operation> it learns nothing
    Given Olivia has created the Team organization Tandem
    When Nick tries to <operation> Tandem
    Then it is refused exactly as for an organization that never existed

    @R-OP-get_sso-1
    Examples: Seeing single sign-on
      | operation                          |
      | see the single sign-on settings of |

    @R-OP-list_domains-1
    Examples: Listing the domains
      | operation          |
      | see the domains of |

    Examples: Seeing a domain
      | operation       |
      | see a domain of |

  @S18 @interpreted @R-ERR-not_found @R-ORDER-1
  Scenario Outline: Someone outside the Team organization Tandem who tries to <operation> it learns nothing, not even its plan
    Given Olivia has created the Team organization Tandem
    When Nick tries to <operation> Tandem
    Then it is refused exactly as for an organization that never existed

    @R-OP-configure_sso-1
    Examples: Changing single sign-on
      | operation                             |
      | change the single sign-on settings of |

    @R-OP-add_domain-1
    Examples: Adding a domain
      | operation       |
      | add a domain to |

    @R-OP-verify_domain-1
    Examples: Verifying a domain
      | operation          |
      | verify a domain of |

    @R-OP-update_domain_settings-1
    Examples: Changing a domain's settings
      | operation                          |
      | change the settings of a domain of |

  # -- who sees and accepts an invitation --------------------------------------------------
  @S03 @R-ERR-not_found @R-OP-accept_invitation-1 @R-OP-list_my_invitations-2 @R-CONV-04
  Scenario: An invitation sent to another email is neither listed nor accepted
    Given Ivy has a pending invitation to Acme as member
    Then Nick's invitations do not show Ivy's invitation to Acme
    When Nick tries to accept Ivy's invitation to Acme
    Then it is refused exactly as for an invitation that never existed
    And Nick's account list is the same as before
    And Acme's member list has no entry for Nick
    And Ivy's invitation to Acme is still pending

  @S03 @R-OP-list_my_invitations-2 @R-THING-invitation-1 @R-CONV-10
  Scenario: An invitation sent to the email in upper case is listed and accepted, then no longer listed
    Given Ivy has a pending invitation to Acme as admin, sent to the email in upper case
    Then Ivy's invitations show the invitation to Acme as admin
    When Ivy accepts the invitation to Acme
    Then Acme's member list shows Ivy as admin
    And Ivy's invitations no longer show the invitation to Acme
