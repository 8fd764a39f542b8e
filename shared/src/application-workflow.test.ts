import { describe, expect, it } from 'vitest'
import {
  ApplicationState,
  ApplicationStep,
  applicationStates,
  applicationSteps,
  checkStep,
  holderActor,
  stepTarget,
  stepsAvailable,
  type ApplicationActor,
} from './application-workflow'

const actors: ApplicationActor[] = ['village_director', 'township_supervisor', 'county_officer', 'guardian', 'system']

describe('the application transition table', () => {
  it('the main path: village check → accept → review → notice → (notice ends) → approve → payment', () => {
    const path: [ApplicationStep, ApplicationActor, ApplicationState][] = [
      ['village_check', 'village_director', 'village_checked'],
      ['accept', 'township_supervisor', 'accepted'],
      ['review', 'township_supervisor', 'reviewed'],
      ['start_notice', 'township_supervisor', 'public_notice'],
      ['end_notice', 'system', 'awaiting_approval'],
      ['approve', 'county_officer', 'approved'],
      ['start_payment', 'county_officer', 'paying'],
    ]
    let state: ApplicationState = 'submitted'
    for (const [step, actor, to] of path) {
      expect(checkStep(step, state, actor), `${step} from ${state}`).toBe('ok')
      state = stepTarget(step, state)
      expect(state).toBe(to)
    }
  })

  it('every step in every state for every actor: allowed exactly when the table says so', () => {
    for (const step of ApplicationStep.options) {
      const rule = applicationSteps[step]
      for (const state of ApplicationState.options) {
        for (const actor of actors) {
          const byRole = rule.by.some((b) => (b === 'holder' ? holderActor(state) === actor : b === actor))
          const expected = rule.from.includes(state) && byRole ? 'ok' : 'not ok'
          expect(checkStep(step, state, actor) === 'ok' ? 'ok' : 'not ok', `${actor} ${step} in ${state}`).toBe(expected)
        }
      }
    }
  })

  it('a role that never takes a step is told it is the wrong role, whatever the state', () => {
    expect(checkStep('approve', 'submitted', 'village_director')).toBe('wrong_role')
    expect(checkStep('approve', 'awaiting_approval', 'township_supervisor')).toBe('wrong_role')
    expect(checkStep('village_check', 'submitted', 'county_officer')).toBe('wrong_role')
    expect(checkStep('end_notice', 'public_notice', 'county_officer')).toBe('wrong_role')
    expect(checkStep('supply_documents', 'needs_documents', 'village_director')).toBe('wrong_role')
  })

  it('the right role at the wrong moment is told it is the wrong state', () => {
    expect(checkStep('approve', 'accepted', 'county_officer')).toBe('wrong_state')
    expect(checkStep('accept', 'submitted', 'township_supervisor')).toBe('wrong_state')
  })

  it('send-back is taken by whoever holds the stage, and only in the stages that can send back', () => {
    expect(checkStep('send_back', 'submitted', 'village_director')).toBe('ok')
    expect(checkStep('send_back', 'submitted', 'township_supervisor')).toBe('wrong_role')
    expect(checkStep('send_back', 'accepted', 'township_supervisor')).toBe('ok')
    expect(checkStep('send_back', 'accepted', 'village_director')).toBe('wrong_role')
    expect(checkStep('send_back', 'awaiting_approval', 'county_officer')).toBe('ok')
    expect(checkStep('send_back', 'public_notice', 'township_supervisor')).toBe('wrong_state')
    expect(checkStep('send_back', 'paying', 'county_officer')).toBe('wrong_state')
  })

  it('supplying papers resumes the stage it was sent back from', () => {
    expect(stepTarget('supply_documents', 'needs_documents', 'accepted')).toBe('accepted')
    expect(stepTarget('supply_documents', 'needs_documents', 'awaiting_approval')).toBe('awaiting_approval')
  })

  it('nothing leaves a final state', () => {
    for (const state of ApplicationState.options.filter((s) => applicationStates[s].final)) {
      for (const actor of actors) expect(stepsAvailable(state, actor)).toEqual([])
    }
  })

  // `suspended` (enlisted, waiting for a return to school) waits on the young person, like payment: no target.
  it('every staff- or family-held working state has a holder and, except the notice, payment and a pause for service, a target', () => {
    for (const state of ApplicationState.options) {
      const info = applicationStates[state]
      if (info.final) expect(info.holder).toBeNull()
      else expect(info.holder).not.toBeNull()
      if (!info.final && !['public_notice', 'paying', 'suspended'].includes(state)) expect(info.targetDays).toBeGreaterThan(0)
    }
  })

  it('what the family reads never labels the child', () => {
    for (const info of Object.values(applicationStates)) expect(info.guardianText + info.next).not.toMatch(/困境|留守/)
  })
})
