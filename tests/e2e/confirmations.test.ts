import { beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, scrollToItem, staffSignIn, usePhoneBrowser } from '../support/browser'
import { enrolChild, api, staffToken, type Json } from '../support/stack-api'

/**
 * 等待确认的等级 (004 §3 末段: 情形复杂难判断的，由乡镇政府组织专门力量评估确认) on the H5 build:
 * the village director grades a child 「情况复杂，不好判断」 through the API; the township
 * supervisor (`dinghu-town`) opens the queue from the children's page, confirms the grade from
 * the keyboard-reachable panel with an opinion, and the child leaves the queue (on screen and on
 * the server). axe on the queue, closed and with the panel open.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const childName = `确${String(Date.now()).slice(-4)}`
let child: Json

beforeAll(async () => {
  const dinghu = await staffToken('dinghu')
  child = await enrolChild(dinghu, {
    name: childName,
    sex: 'male',
    birthDate: '2014-09-02',
    caregiver: { name: '测爷爷', relationship: 'paternal_grandparent', phone: '13700004444', livesWithChild: true },
  })
  const graded = await api('POST', `/staff/children/${child.id}/grade`, {
    token: dinghu,
    body: { situations: ['carer_incapable'], reason: '爷爷年老多病，说不清能不能照料，请乡镇评估', hardToJudge: true },
  })
  expect(graded.status, JSON.stringify(graded.body)).toBe(200)
})

/** Whether the child is still in the township's queue (every page). */
async function pending(token: string): Promise<boolean> {
  let cursor: string | undefined
  do {
    const res = await api('GET', `/staff/children/confirmations${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token })
    expect(res.status).toBe(200)
    if ((res.body.items as Json[]).some((i) => i.id === child.id)) return true
    cursor = res.body.nextCursor
  } while (cursor)
  return false
}

describe('the township confirms a grade the village found hard to judge', () => {
  it('opens the queue, confirms the grade, and the child leaves the queue', async () => {
    const town = await staffToken('dinghu-town')
    expect(await pending(town)).toBe(true)

    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await staffSignIn(page, appUrl, 'dinghu-town')
    await page.click('#inbox-children:visible')
    await page.click('#children-confirmations:visible')
    const item = `#confirm-item-${child.id}:visible`
    await scrollToItem(page, item, '#confirm-more:visible')
    const text = (await page.textContent(item)) ?? ''
    expect(text).toContain(childName)
    expect(text).toContain('丁湖村')
    expect(text).toContain('爷爷年老多病')
    await expectAccessible(page, 'the confirmations queue')

    await page.focus(`#confirm-item-${child.id}-open:visible`)
    await page.keyboard.press('Enter')
    await page.locator(`#confirm-item-${child.id}-panel:visible`).waitFor()
    await expectAccessible(page, 'the confirmations queue with the decision panel open')
    await page.click(`#confirm-item-${child.id}-decision-confirm:visible`)
    await page.fill(`#confirm-item-${child.id}-reason:visible textarea`, '乡镇上门评估：爷爷生活基本不能自理，同意黄色')
    await page.click(`#confirm-item-${child.id}-submit:visible`)
    await page.locator(`#confirm-item-${child.id}:visible`).waitFor({ state: "hidden" })
    expect(await page.locator('#confirm-error:visible').count()).toBe(0)

    // The server agrees: out of the queue, the grade stands (yellow), and the file says who confirmed it.
    expect(await pending(town)).toBe(false)
    const file = await api('GET', `/staff/children/${child.id}`, { token: town })
    expect(file.body.grade.colour).toBe('yellow')
    expect(file.body.pendingGrade).toBeUndefined()
  })
})
