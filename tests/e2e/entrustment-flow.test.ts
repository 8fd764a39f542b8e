import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { GRANDMA, addDays, chinaToday, idNumber } from '../support/entrustment-fixtures'
import { HUANGPU_PATH, fillChildAndCaregiver, pickDivision } from '../support/entrustment-form'

/**
 * Entrusted care on the H5 build against the local stack: a migrant parent registers the
 * grandmother as caregiver, the grandmother accepts in her own account, the village director
 * sees it, visits and finds her unable to care, and the parent is asked to choose another.
 * Its own child, caregiver and entrustment: nothing here touches report-flow's data.
 */
const appUrl = inject('appUrl')
const { newPage, contexts } = usePhoneBrowser()
let parentPage: Page
let entrustmentId: string
let invitationCode: string

const childId = idNumber('2015-09-01', 'male', 17)
const REASON = '奶奶刚做完手术，行动不便，暂时无法接送孩子上学'


describe('a migrant parent entrusts her son to his grandmother', () => {
  it('the parent registers: both parents in Shanghai, one child, the grandmother, a weekly video call, consent', async () => {
    const page = (parentPage = await newPage())
    await page.goto(appUrl)
    await page.click('#family-start')
    await page.click('#dev-account-resident')
    await page.locator('#resident-name:visible').waitFor()
    await page.click('#family-new:visible')
    await page.locator('#ent-registrant-mother').waitFor()

    await page.click('#ent-registrant-mother')
    const since = addDays(chinaToday(), -150)
    for (const [i, name, phone] of [
      [0, '刘建国', '13912345678'],
      [1, '王秀兰', '13812345678'],
    ] as const) {
      await page.fill(`#ent-parent-${i}-name input`, name)
      await page.fill(`#ent-parent-${i}-phone input`, phone)
      await page.click(`#ent-parent-${i}-situation-working_away`)
      await pickDivision(page, `ent-parent-${i}-work`, HUANGPU_PATH)
      await expect.poll(() => page.textContent(`#ent-parent-${i}-work-path`)).toContain('黄浦区')
      await page.fill(`#ent-parent-${i}-away-since input`, since)
    }

    await fillChildAndCaregiver(page, {
      child: { name: '刘小军', idNumber: childId, school: 'dinghu-primary' },
      caregiver: { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: GRANDMA.idNumber, health: 'fair' },
      contact: { frequency: 'weekly', method: 'video' },
    })
    expect(await page.getAttribute('#ent-child-0-sex-male', 'aria-checked')).toBe('true')

    // Without consent nothing is sent.
    await page.click('#ent-submit')
    await expect.poll(() => page.textContent('#error-ent-consent')).toContain('请阅读并同意')
    await expectAccessible(page, 'entrustment form, consent missing')
    await page.click('#ent-consent')
    await page.click('#ent-submit')

    await page.locator('#ent-invite-code:visible').waitFor()
    invitationCode = (await page.textContent('#ent-invite-code:visible'))!.trim()
    expect(invitationCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    entrustmentId = new URL(page.url().replace('#', '')).searchParams.get('id')!
    expect(entrustmentId).toBeTruthy()
    expect(await page.getAttribute('#ent-status:visible', 'data-status')).toBe('pending_caregiver')
    expect(await page.textContent('#ent-next-step:visible')).toContain('邀请码')
    await expectAccessible(page, 'entrustment (parent)')
    const text = await page.textContent('body')
    expect(text).not.toMatch(/留守|困境/)
    expect(text).not.toContain('13700001111')
    expect(text).not.toContain(childId)
  })

  it('the grandmother opens the invitation in her own account and accepts', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await page.click('#invite-start')
    await page.click('#dev-account-caregiver')
    await page.locator('#resident-name:visible').waitFor()
    await page.fill('#invite-code input', invitationCode.toLowerCase())
    await page.click('#invite-open')
    await page.locator('#invite-details').waitFor()
    await expectAccessible(page, 'invitation')
    expect(await page.textContent('#invite-caregiver')).toContain('张桂芳')
    expect(await page.textContent('body')).not.toMatch(/留守|困境/)
    await page.click('#invite-accept')
    await expect.poll(() => page.getAttribute('#ent-status:visible', 'data-status')).toBe('accepted')
    expect(await page.textContent('#ent-status:visible')).toContain('照护人已接受')
  })

  it('the school is told: its liaison lands on entrusted care and finds the message in their own messages, and it opens the entrustment', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu-school')
    const count = page.locator('#sent-messages-count:visible')
    // Written by the stream after the acceptance: 刷新 until it is counted.
    for (let i = 0; i < 40 && !/^[1-9]\d* 条未读$/.test((await count.textContent()) ?? ''); i++) {
      await page.click('#sent-refresh:visible')
      await page.waitForTimeout(250)
    }
    expect(await count.textContent()).toMatch(/^[1-9]\d* 条未读$/)
    await page.click('#sent-messages-toggle:visible')
    expect(await page.getAttribute('#sent-messages-toggle:visible', 'aria-expanded')).toBe('true')
    const message = page.locator(`#sent-messages:visible [id^="sent-message-entrustment.${entrustmentId}."]`)
    await message.first().waitFor()
    expect(await message.first().textContent()).toContain('学生委托照护告知')
    await expectAccessible(page, 'school liaison: entrusted care with its messages')
    await message.first().click()
    await expect.poll(() => page.getAttribute('#sent-status:visible', 'data-status')).toBe('accepted')
  })

  it('the village director finds it in the to-do list, sees the staff-only determination, visits and finds the caregiver unfit', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.click('#today-entrustments:visible')

    const item = page.locator(`#sent-item-${entrustmentId}:visible`)
    for (let i = 0; i < 20 && !(await item.count()); i++) {
      await page.click('#sent-refresh:visible')
      await page.waitForTimeout(250)
    }
    expect(await page.locator('[id^="sent-item-"]:visible').first().getAttribute('id')).toBe(`sent-item-${entrustmentId}`)
    await item.click()

    await expect.poll(() => page.getAttribute('#sent-status:visible', 'data-status')).toBe('accepted')
    await expectAccessible(page, 'staff entrustment')
    expect(await page.getAttribute('#sent-left-behind-1:visible', 'data-left-behind')).toBe('true')
    // The rule is named as the document and its part, never as a seed file number.
    expect(await page.textContent('#sent-left-behind-1:visible')).toContain('《广东省农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》第二部分第（一）项')
    expect(await page.textContent('#sent-left-behind-1:visible')).not.toMatch(/\d{3} §/)
    expect(await page.textContent('#sent-caregiver:visible')).not.toContain('13700001111')

    await page.click('#sent-visit-toggle:visible')
    // Saved with nothing rated: the message naming the items is on screen, not under the fold.
    await page.click('#sent-visit-submit:visible')
    const missing = page.locator('#error-sent-checklist:visible')
    await expect.poll(() => missing.textContent()).toContain('请评估')
    const box = (await missing.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height)
    for (const k of ['age_and_health', 'daily_care', 'living_conditions', 'safety', 'schooling', 'child_view']) {
      await page.click(`#sent-check-${k}-${k === 'age_and_health' || k === 'daily_care' ? 'inadequate' : 'adequate'}:visible`)
    }
    await page.click('#sent-outcome-caregiver_unfit:visible')
    await expectAccessible(page, 'staff visit panel')
    await page.fill('#sent-reason textarea', REASON)
    await page.click('#sent-visit-submit:visible')
    await expect.poll(() => page.getAttribute('#sent-status:visible', 'data-status')).toBe('caregiver_unfit')
    expect(await page.textContent('#sent-last-visit:visible')).toContain('照护人不具备照护能力')
  })

  it('the parent sees the reason and the request to choose another caregiver', async () => {
    const page = parentPage
    await page.bringToFront()
    await page.click('#ent-refresh:visible')
    await expect.poll(() => page.getAttribute('#ent-status:visible', 'data-status')).toBe('caregiver_unfit')
    expect(await page.textContent('#ent-unfit-reason:visible')).toContain(REASON)
    expect(await page.textContent('#ent-next-step:visible')).toContain('另选一位有照护能力的成年人')
    await page.locator('#ent-replace-toggle:visible').waitFor()
    await expectAccessible(page, 'entrustment (caregiver unfit)')
    expect(await page.textContent('body')).not.toMatch(/留守|困境/)

    // The message is in the family's own inbox too.
    await page.goto(`${appUrl}?fresh=1#/family/list/index`)
    await page.locator(`#family-item-${entrustmentId}`).waitFor()
    await expect.poll(() => page.textContent('#family-notifications'), { timeout: 10_000 }).toContain('请另选一位照护人')
    await expectAccessible(page, 'family list')
  })
})

describe('police start an entrustment for a detained father', () => {
  it('the officer signs in, lands on entrusted care, registers with the father’s recorded consent and gets the invitation code', async () => {
    const page = await newPage()
    await page.goto(`${appUrl}#/staff/login/index`)
    await page.fill('#staff-username input', 'sixian-police')
    await page.fill('#staff-password input', 'shouhu123')
    await page.click('#staff-login-submit')
    // No report queue for police: straight to entrusted care.
    await page.locator('#sent-police-new:visible').waitFor()
    expect(await page.locator('#inbox-entrustments:visible').count()).toBe(0)
    await page.click('#sent-police-new:visible')
    await page.locator('#ent-guardian-father').waitFor()
    await expectAccessible(page, 'entrustment form (police)')

    await page.click('#ent-guardian-father')
    await page.fill('#ent-unit input', '泗县看守所')
    await page.fill('#ent-parent-0-name input', '赵建军')
    await page.click('#ent-parent-0-situation-not_away')
    await page.click('#ent-parent-0-guard-no')
    await page.click('#ent-parent-0-reason-imprisoned_or_detained')
    await page.fill('#ent-parent-1-name input', '孙丽')
    await page.fill('#ent-parent-1-phone input', '13611112222')
    await page.click('#ent-parent-1-situation-working_away')
    await pickDivision(page, 'ent-parent-1-work', HUANGPU_PATH)
    await page.fill('#ent-parent-1-away-since input', addDays(chinaToday(), -300))
    await fillChildAndCaregiver(page, {
      child: { name: '赵小花', idNumber: idNumber('2014-04-04', 'female', 19), school: 'none' },
      caregiver: { name: '孙大妈', relationship: 'maternal_grandparent', phone: '13511112222', idNumber: idNumber('1962-09-09', 'female', 21), health: 'good' },
      contact: { frequency: 'monthly', method: 'phone' },
    })
    await page.click('#ent-consent')
    await page.click('#ent-submit')

    await page.locator('#ent-invite-code:visible').waitFor()
    expect(await page.getAttribute('#ent-status:visible', 'data-status')).toBe('pending_caregiver')
    expect(await page.textContent('body')).toContain('由泗县看守所协助登记')
    await page.locator('#ent-replace-toggle:visible').waitFor()
  })
})
