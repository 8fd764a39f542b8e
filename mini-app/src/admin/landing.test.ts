import { describe, expect, it } from 'vitest'
import { PartnerRole, StaffRole, type Role } from '@shouhu/shared'
import { landingAfterSignIn } from './landing'

const signedIn = (role: Role, mustChangePassword?: boolean) => ({ user: { id: 'u1', role, displayName: '某某' }, ...(mustChangePassword === undefined ? {} : { mustChangePassword }) })

describe('after signing in with a temporary password', () => {
  it('every staff and partner role goes to the password page first', () => {
    const roles = [...StaffRole.options, ...PartnerRole.options]
    expect(roles).toEqual(expect.arrayContaining(['school_liaison', 'police_officer', 'department_liaison']))
    for (const role of roles) expect(landingAfterSignIn(signedIn(role, true)), role).toBe('/admin/password/index')
  })

  it('with a chosen password, each role lands on its own first page', () => {
    expect(landingAfterSignIn(signedIn('village_director'))).toBe('/casework/today/index')
    expect(landingAfterSignIn(signedIn('township_supervisor', false))).toBe('/staff/inbox/index')
    // Not the workbench or entrusted care: the API refuses a department's liaison both (403).
    expect(landingAfterSignIn(signedIn('department_liaison', false))).toBe('/referrals/list/index')
    for (const role of PartnerRole.options) expect(landingAfterSignIn(signedIn(role, false)), role).not.toBe('/admin/password/index')
  })
})
