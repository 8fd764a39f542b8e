import { expect } from 'vitest'
import type { Page } from 'playwright-core'

/**
 * Filling the entrustment form (`/family/new`) in browser tests: the parts every registration
 * shares — where the child lives, the child, the caregiver and the contact promise. Each test
 * still fills the parents itself, since that is what the tests differ in.
 */

/** Taps down a division picker: one code per level. */
export async function pickDivision(page: Page, prefix: string, codes: string[]) {
  for (const code of codes) await page.click(`#${prefix}-row-${code}:visible`)
}

/** Province → city → county → township → village of 丁湖村 (泗县). */
export const DINGHU_VILLAGE_PATH = ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']
/** Shanghai → 市辖区 → 黄浦区: a workplace outside the home county. */
export const HUANGPU_PATH = ['310000000000', '310100000000', '310101000000']

const birthOf = (idNumber: string) => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`

export interface ChildAndCaregiver {
  child: { name: string; idNumber: string; school: string }
  caregiver: { name: string; relationship: string; phone: string; idNumber: string; health: string }
  contact: { frequency: string; method: string }
}

/** 丁湖村, one rural child (birth date read from the ID), a caregiver living with the child, and the contact promise. */
export async function fillChildAndCaregiver(page: Page, { child, caregiver, contact }: ChildAndCaregiver) {
  await pickDivision(page, 'ent-village', DINGHU_VILLAGE_PATH)
  await expect.poll(() => page.textContent('#ent-village-path')).toContain('丁湖镇 / 丁湖村')
  await page.fill('#ent-child-0-name input', child.name)
  await page.fill('#ent-child-0-id input', child.idNumber)
  // Birth date and sex come from the ID number.
  await expect.poll(() => page.inputValue('#ent-child-0-birth input')).toBe(birthOf(child.idNumber))
  await page.click('#ent-child-0-hukou-rural')
  await page.click(`#ent-child-0-school-${child.school}`)
  await page.fill('#ent-caregiver-name input', caregiver.name)
  await page.click(`#ent-caregiver-relationship-${caregiver.relationship}`)
  await page.fill('#ent-caregiver-phone input', caregiver.phone)
  await page.fill('#ent-caregiver-id input', caregiver.idNumber)
  await expect.poll(() => page.inputValue('#ent-caregiver-birth input')).toBe(birthOf(caregiver.idNumber))
  await page.click(`#ent-caregiver-health-${caregiver.health}`)
  await page.click('#ent-caregiver-lives-yes')
  await page.click(`#ent-frequency-${contact.frequency}`)
  await page.click(`#ent-method-${contact.method}`)
}
