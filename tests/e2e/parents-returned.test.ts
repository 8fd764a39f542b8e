import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken, type Json } from '../support/stack-api'

/**
 * 家长返乡 on the H5 build against the local stack: both parents of a 丁湖村 child are recorded
 * as working away; the director opens the file, taps 「家长返乡」, is asked which parent came
 * back when none is chosen, records both, and sees the file change — the parents at home, the
 * left-behind category gone, two lines on the timeline — and the button no longer offered.
 * axe on the panel with its message and on the file afterwards.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const tag = String(Date.now()).slice(-5)
let file: Json

beforeAll(async () => {
  const created = await api('POST', '/staff/children', {
    token: await staffToken('dinghu'),
    key: randomUUID(),
    body: {
      name: `归${tag}`,
      sex: 'female',
      birthDate: '2015-03-03',
      householdRegistration: 'rural',
      villageCode: '341324102200',
      schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '四年级' },
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2023-02-01' },
        { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2023-02-01' },
      ],
      caregiver: { name: '归奶奶', relationship: 'paternal_grandparent', phone: '13700002222', livesWithChild: true },
    },
  })
  expect(created.status).toBe(201)
  file = created.body
  expect(file.categories.map((k: Json) => k.id)).toContain('left_behind')
})

describe('the parents come home', () => {
  it('the director records both parents’ return from the file; the file, its categories and its timeline follow', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=pr#/casework/child/index?id=${file.id}`)
    await page.click('#child-act-returned:visible')
    await page.locator('#child-returned-panel:visible').waitFor()
    // Nobody chosen: asked for in plain words, under the choice.
    await page.click('#child-returned-submit:visible')
    await expect.poll(() => page.textContent('#error-child-returned-relations:visible')).toBe('请选择返乡的家长')
    await expectAccessible(page, 'the 家长返乡 panel with its message')
    expect(await page.getAttribute('#child-returned-father:visible', 'role')).toBe('checkbox')
    await page.focus('#child-returned-father:visible')
    await page.keyboard.press('Enter')
    await page.click('#child-returned-mother:visible')
    expect(await page.getAttribute('#child-returned-mother:visible', 'aria-checked')).toBe('true')
    await page.fill('#child-returned-note:visible textarea', '父母回村务农，和孩子同住')
    await page.click('#child-returned-submit:visible')

    // The file as it is now: both at home, no longer 农村留守儿童, and nothing left to record.
    await page.locator('#child-returned-panel').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('#child-act-returned').count()).toBe(0)
    const timeline = page.locator('#child-timeline:visible')
    await expect.poll(() => timeline.textContent()).toContain('父亲、母亲已返乡')
    expect(await timeline.textContent()).toContain('父母回村务农，和孩子同住')
    expect(await timeline.textContent()).toContain('不再属于农村留守儿童')
    await expectAccessible(page, 'the file after the parents’ return')

    const stored = (await api('GET', `/staff/children/${file.id}`, { token: await staffToken('dinghu') })).body as Json
    expect(stored.parents.map((p: Json) => [p.relation, p.situation])).toEqual([['father', 'at_home'], ['mother', 'at_home']])
    expect(stored.categories.map((k: Json) => k.id)).not.toContain('left_behind')
  }, 120_000)
})
