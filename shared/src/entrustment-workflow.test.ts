import { describe, expect, it } from 'vitest'
import {
  EntrustmentAction,
  EntrustmentStatus,
  canTakeEntrustmentAction,
  entrustmentActionsFor,
  entrustmentTransitions,
  parentNextStep,
  entrustmentStatusLabel,
} from './entrustment-workflow'

describe('the entrustment transition table', () => {
  it('walks the main path: pending caregiver → accepted → visit scheduled → verified → ended', () => {
    expect(canTakeEntrustmentAction('accept', 'pending_caregiver', 'caregiver')).toBe(true)
    expect(entrustmentTransitions.accept.to).toBe('accepted')
    expect(canTakeEntrustmentAction('schedule_visit', 'accepted', 'staff')).toBe(true)
    expect(canTakeEntrustmentAction('verify', 'visit_scheduled', 'staff')).toBe(true)
    expect(canTakeEntrustmentAction('end', 'verified', 'parent')).toBe(true)
    expect(entrustmentTransitions.end.to).toBe('ended')
  })

  it('a decline or an unfit finding goes back to the parents, who choose another caregiver', () => {
    expect(entrustmentTransitions.decline.to).toBe('caregiver_declined')
    expect(entrustmentTransitions.find_unfit.to).toBe('caregiver_unfit')
    for (const from of ['caregiver_declined', 'caregiver_unfit'] as const) {
      expect(entrustmentActionsFor(from, 'parent')).toEqual(['replace_caregiver', 'end'])
      expect(entrustmentActionsFor(from, 'starter')).toEqual(['replace_caregiver', 'end'])
    }
    expect(entrustmentTransitions.replace_caregiver.to).toBe('pending_caregiver')
  })

  it('only the caregiver answers the invitation; only staff verify; only the family ends or renews', () => {
    for (const actor of ['parent', 'starter', 'staff', 'system'] as const) {
      expect(canTakeEntrustmentAction('accept', 'pending_caregiver', actor)).toBe(false)
      expect(canTakeEntrustmentAction('decline', 'pending_caregiver', actor)).toBe(false)
    }
    for (const actor of ['parent', 'starter', 'caregiver', 'system'] as const) {
      expect(canTakeEntrustmentAction('verify', 'accepted', actor)).toBe(false)
      expect(canTakeEntrustmentAction('find_unfit', 'accepted', actor)).toBe(false)
    }
    for (const actor of ['caregiver', 'staff'] as const) {
      expect(canTakeEntrustmentAction('end', 'verified', actor)).toBe(false)
      expect(canTakeEntrustmentAction('renew', 'verified', actor)).toBe(false)
    }
  })

  it('nothing can be done to an ended entrustment, and a pending one cannot be verified or answered twice', () => {
    for (const action of EntrustmentAction.options) {
      for (const actor of ['parent', 'starter', 'caregiver', 'staff', 'system'] as const) {
        expect(canTakeEntrustmentAction(action, 'ended', actor)).toBe(false)
      }
    }
    expect(canTakeEntrustmentAction('verify', 'pending_caregiver', 'staff')).toBe(false)
    expect(canTakeEntrustmentAction('accept', 'accepted', 'caregiver')).toBe(false)
    expect(canTakeEntrustmentAction('decline', 'accepted', 'caregiver')).toBe(false)
  })

  it('every status has a family label and a next step that never labels the child', () => {
    for (const s of EntrustmentStatus.options) {
      expect(entrustmentStatusLabel[s]).toBeTruthy()
      expect(parentNextStep[s] + entrustmentStatusLabel[s]).not.toMatch(/留守|困境/)
    }
  })
})
