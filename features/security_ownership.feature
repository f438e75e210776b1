Feature: An organization always has exactly one primary owner
  The article gives owners and the primary owner the say over an organization's domains.
  The suite reads the primary owner as a role held by exactly one person at every moment:
  owners and the primary owner may change other members' roles and remove members, but the
  primary owner can neither be given another role nor be removed, and nobody becomes primary
  owner by a role change. The only way to hand the role on is the ownership transfer, which
  only the primary owner may start; afterwards the old primary owner is an owner. Admins and
  members change no one's role.

  Source: "Inhaber und Hauptinhaber können …" (owners and primary owners can …)

  Background:
    Given Olivia has created the Team organization Acme
    And Oscar is an owner of Acme
    And Ada is an admin of Acme
    And Mara is a member of Acme

  @S18 @interpreted @security @R-ERR-primary_owner_protected @R-OP-change_member_role-3 @R-MEMBERS-03 @R-MEMBERS-02
  Scenario Outline: <who> may not give the primary owner another role
    When <person> tries to make Olivia <role> of Acme
    Then it is refused because the primary owner is protected
    And Olivia is still Acme's only primary owner

    Examples:
      | who               | person | role      |
      | The primary owner | Olivia | an owner  |
      | An owner          | Oscar  | an admin  |
      | An owner          | Oscar  | a member  |

  @S18 @interpreted @security @R-ERR-primary_owner_protected @R-OP-remove_member-3 @R-MEMBERS-03
  Scenario Outline: <who> may not remove the primary owner
    When <person> tries to remove Olivia from Acme
    Then it is refused because the primary owner is protected
    And Olivia is still Acme's only primary owner

    Examples:
      | who               | person |
      | The primary owner | Olivia |
      | An owner          | Oscar  |

  @S18 @interpreted @security @R-ERR-invalid_request @R-OP-change_member_role-4 @R-MEMBERS-02
  Scenario: Nobody becomes primary owner by a change of role
    When Olivia tries to make Oscar the primary owner of Acme by a change of role
    Then it is refused because the request is invalid
    And Olivia is still Acme's only primary owner
    And Acme's member list shows Oscar as owner

  @S18 @interpreted @security @R-ERR-insufficient_role @R-OP-change_member_role-2 @R-OP-remove_member-2 @R-MEMBERS-01
  Scenario Outline: <who> may not change roles or remove members
    When <person> tries to make Mara an owner of Acme
    Then it is refused because the role may not do this
    When <person> tries to remove Mara from Acme
    Then it is refused because the role may not do this
    And Acme's member list shows Mara as member
    And Olivia is still Acme's only primary owner

    Examples:
      | who                   | person |
      | An admin              | Ada    |
      | The member themselves | Mara   |

  @S18 @interpreted @security @R-MEMBERS-01 @R-MEMBERS-05 @R-THING-organization-1
  Scenario: An owner changes a member's role and removes a member
    When Oscar makes Mara an admin of Acme
    Then Acme's member list shows Mara as admin
    When Oscar removes Mara from Acme
    Then Acme's member list no longer shows Mara
    And Mara's account list shows nothing of Acme
    And Olivia is still Acme's only primary owner

  @S18 @interpreted @security @R-MEMBERS-04 @R-MEMBERS-02
  Scenario: The primary owner hands the ownership on to an owner
    When Olivia transfers the ownership of Acme to Oscar
    Then Oscar is now Acme's only primary owner
    And Acme's member list shows Olivia as owner
    When Oscar makes Olivia a member of Acme
    Then Acme's member list shows Olivia as member
    And Oscar is now Acme's only primary owner

  @S18 @interpreted @security @R-MEMBERS-04 @R-MEMBERS-02
  Scenario: The ownership goes to an owner and comes back
    When Olivia transfers the ownership of Acme to Oscar
    Then Oscar is now Acme's only primary owner
    When Oscar transfers the ownership of Acme to Olivia
    Then Olivia is now Acme's only primary owner
    And Acme's member list shows Oscar as owner

  @S18 @interpreted @security @R-ERR-insufficient_role @R-OP-transfer_ownership-2 @R-MEMBERS-04
  Scenario Outline: <who> may not hand the ownership on
    When <person> tries to transfer the ownership of Acme to <target>
    Then it is refused because the role may not do this
    And Olivia is still Acme's only primary owner
    And Acme's member list shows <target> as <role>

    Examples:
      | who      | person | target | role   |
      | An owner | Oscar  | Oscar  | owner  |
      | An admin | Ada    | Mara   | member |

  @S18 @interpreted @security @R-ERR-not_found @R-OP-transfer_ownership-1
  Scenario: The ownership cannot go to someone outside the organization
    Given Nick has created the Team organization Nimbus
    When Olivia tries to transfer the ownership of Acme to Nick's account in Nimbus
    Then it is refused because it was not found
    And Olivia is still Acme's only primary owner
    And Acme's member list has no entry for Nick
