import { describe, expect, inject, it } from 'vitest'
import { expectAccessible, usePhoneBrowser } from '../support/browser'
import { GRANDMA, addDays, chinaToday, idNumber } from '../support/entrustment-fixtures'
import { HUANGPU_PATH, fillChildAndCaregiver, pickDivision } from '../support/entrustment-form'

/**
 * A widowed father who leaves to work registers the caregiver (001 #7): the mother has died, so
 * the form takes 「已去世」 for her, asks for her name only, and refuses her as the one
 * registering. The entrustment shows her as 已去世 with no phone. Its own child and caregiver.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const childId = idNumber('2016-05-05', 'female', 21)

describe('a widowed father entrusts his daughter to her grandmother', () => {
  it('marks the mother 已去世 (no phone asked), is refused as her, registers as the father, and sees her shown as 已去世', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await page.click('#family-start')
    await page.click('#dev-account-resident')
    await page.locator('#resident-name:visible').waitFor()
    await page.click('#family-new:visible')
    await page.locator('#ent-registrant-mother').waitFor()

    await page.fill('#ent-parent-0-name input', '刘建国')
    await page.fill('#ent-parent-0-phone input', '13912345678')
    await page.click('#ent-parent-0-situation-working_away')
    await pickDivision(page, 'ent-parent-0-work', HUANGPU_PATH)
    await expect.poll(() => page.textContent('#ent-parent-0-work-path')).toContain('黄浦区')
    await page.fill('#ent-parent-0-away-since input', addDays(chinaToday(), -150))

    await page.fill('#ent-parent-1-name input', '王秀兰')
    expect(await page.locator('#ent-parent-1-phone').count()).toBe(1)
    await page.click('#ent-parent-1-situation-deceased')
    // Nothing more is asked about a parent who has died.
    await expect.poll(() => page.locator('#ent-parent-1-phone').count()).toBe(0)
    expect(await page.locator('#ent-parent-1-guard-yes').count()).toBe(0)

    await fillChildAndCaregiver(page, {
      child: { name: '刘小燕', idNumber: childId, school: 'dinghu-primary' },
      caregiver: { name: '张桂芳', relationship: 'paternal_grandparent', phone: '13700001111', idNumber: GRANDMA.idNumber, health: 'good' },
      contact: { frequency: 'weekly', method: 'video' },
    })
    await page.click('#ent-consent')

    // Registering as the mother who has died is refused under 「您是」, before anything is sent.
    await page.click('#ent-registrant-mother')
    await page.click('#ent-submit')
    await expect.poll(() => page.textContent('#error-ent-registrant')).toContain('应是在世的父亲或母亲')
    await expectAccessible(page, 'entrustment form with a parent who has died')
    await page.click('#ent-registrant-father')
    await page.click('#ent-submit')

    await page.locator('#ent-invite-code:visible').waitFor()
    expect(await page.getAttribute('#ent-status:visible', 'data-status')).toBe('pending_caregiver')
    const body = (await page.textContent('body'))!
    expect(body).toContain('王秀兰')
    expect(body).toContain('已去世')
    expect(body).not.toMatch(/留守|困境|单亲/)
    await expectAccessible(page, 'entrustment (widowed father)')
  })
})
