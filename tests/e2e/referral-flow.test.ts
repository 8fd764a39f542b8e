import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken, type Json } from '../support/stack-api'

/**
 * 转介 on the H5 build against the local stack (issue #11): the child director of 丁湖村 refers a
 * suspected dropout to the county education bureau from the child's file, with the least data
 * and the grandmother's consent; the education liaison sees only the shared facts, acknowledges,
 * records the return to school and closes; the director sees the outcome on the child's timeline.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()
const DINGHU = '341324102200'



const childName = `辍${String(Date.now()).slice(-4)}`
let child: Json
let referralId = ''

beforeAll(async () => {
  const login = await api('POST', '/auth/staff-login', { body: { username: 'dinghu', password: 'shouhu123' } })
  const created = await api('POST', '/staff/children', {
    token: login.body.token,
    key: randomUUID(),
    body: {
      name: childName,
      sex: 'female',
      birthDate: '2014-09-10',
      householdRegistration: 'rural',
      villageCode: DINGHU,
      schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '五年级' },
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
        { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      ],
      caregiver: { name: '周桂兰', relationship: 'paternal_grandparent', phone: '13700002222', livesWithChild: true },
      grade: { situations: ['dropout'], reason: '开学两周没有去学校', hardToJudge: false },
    },
  })
  expect(created.status).toBe(201)
  child = created.body
})

describe('a director refers a suspected dropout to education from the child file', () => {
  it('ticks only name and school by default, records the grandmother’s consent and sends it', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=refer#/casework/child/index?id=${child.id}`)
    await page.click('#child-refer:visible')
    await page.locator('#referral-form:visible').waitFor()
    await page.click('#referral-department-education:visible')
    await page.click('#referral-reason-suspected_dropout:visible')
    // The least data: name and school ticked, the caregiver and the family's finances not.
    expect(await page.getAttribute('#referral-fact-name:visible', 'aria-checked')).toBe('true')
    expect(await page.getAttribute('#referral-fact-school:visible', 'aria-checked')).toBe('true')
    expect(await page.getAttribute('#referral-fact-caregiver:visible', 'aria-checked')).toBe('false')
    expect(await page.getAttribute('#referral-fact-categories:visible', 'aria-checked')).toBe('false')
    // Under 14: the child's own consent is not offered.
    expect(await page.locator('#referral-consent-child:visible').count()).toBe(0)
    await page.click('#referral-consent-guardian:visible')
    await page.fill('#referral-consent-by:visible input', '周桂兰')
    await page.fill('#referral-consent-relation:visible input', '奶奶')
    await page.fill('#referral-note:visible textarea', '开学两周没有去学校')
    await expectAccessible(page, 'the referral form')
    await page.click('#referral-submit:visible')
    await page.locator('#referral-detail:visible').waitFor()
    expect(await page.textContent('#referral-state:visible')).toContain('待部门签收')
    referralId = decodeURIComponent(/detail\/index\?id=([^&]+)/.exec(page.url())?.[1] ?? '')
    expect(referralId).not.toBe('')
    await expectAccessible(page, 'the referral as the director sees it')
  }, 120_000)
})

describe('the education liaison works it with only the shared facts', () => {
  it('lands on the department list, sees name and school only, acknowledges, records the return to school and closes', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'sixian-edu')
    // The staff workbench refuses a liaison: opened anyway, it sends them back to their own list.
    await page.goto(`${appUrl}?fresh=inbox#/staff/inbox/index`)
    await page.locator('#referral-list:visible').waitFor()
    expect(page.url()).toContain('#/referrals/list/index')
    const row = page.locator(`#referral-row-${referralId}:visible`)
    await row.waitFor()
    expect(await row.textContent()).toContain(childName)
    await expectAccessible(page, 'the department’s list')
    await row.click()
    await page.locator('#referral-department:visible').waitFor()
    expect(await page.textContent('#referral-shared-name:visible')).toContain(childName)
    expect(await page.textContent('#referral-shared-school:visible')).toContain('五年级')
    const text = (await page.textContent('#referral-department:visible')) ?? ''
    for (const unshared of ['周桂兰', '13700002222', '外出务工', '黄色', '2014-09-10']) expect(text, unshared).not.toContain(unshared)
    await expectAccessible(page, 'the department’s referral page')

    await page.click('#referral-acknowledge:visible')
    await expect.poll(() => page.textContent('#referral-state:visible'), { timeout: 20_000 }).toContain('部门已签收')
    await page.fill('#referral-action-text:visible textarea', '联系学校和监护人，孩子周一回校上课')
    await page.click('#referral-action-save:visible')
    await expect.poll(() => page.textContent('#referral-state:visible'), { timeout: 20_000 }).toContain('部门正在处理')
    // 办结 with nothing filled in: the mistakes show under 办结's own fields, not under 「做了什么」.
    await page.click('#referral-close:visible')
    await expect.poll(() => page.textContent('#error-referral-outcome:visible')).toContain('办理结果')
    // A field's message sits beside its box (error-<field id>), not inside it.
    expect(await page.textContent('#error-referral-outcome-text:visible')).toContain('请写明办理结果')
    expect(await page.locator('#error-referral-action-text:visible').count()).toBe(0)
    await page.click('#referral-outcome-resolved:visible')
    await page.fill('#referral-outcome-text:visible textarea', '孩子已返校上课，班主任每周跟进')
    await page.click('#referral-close:visible')
    await page.locator('#referral-outcome:visible').waitFor()
    expect(await page.textContent('#referral-state:visible')).toContain('已办结')
    await expectAccessible(page, 'the closed referral')
  }, 120_000)
})

describe('the director sees the outcome on the child’s timeline', () => {
  it('shows the closed referral with its outcome and opens it', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=outcome#/casework/child/index?id=${child.id}`)
    const entry = page.locator('#child-timeline:visible .cw-timeline-entry[data-kind="referral"]').first()
    await entry.waitFor()
    expect(await entry.textContent()).toContain('孩子已返校上课')
    await expectAccessible(page, 'the child file with the referral')
    await entry.locator('[id$="-referral"]').click()
    await page.locator('#referral-outcome:visible').waitFor()
    expect(await page.textContent('#referral-outcome:visible')).toContain('已解决')
    await expectAccessible(page, 'the referral with its outcome')
  }, 120_000)
})
