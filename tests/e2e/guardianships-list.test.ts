import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, scrollToItem, staffSignIn, usePhoneBrowser } from '../support/browser'
import { enrolChild, api, staffToken, type Json } from '../support/stack-api'

/**
 * 临时监护名单 on the H5 build against the local stack: a placement recorded through the API
 * whose review date passed ten days ago. The county officer (`sixian`) opens the list from the
 * staff home, finds the child marked 「复查已过期 10 天」 (name and village, no ID number), and
 * opens the placement from the row; the township supervisor (`dinghu-town`) reaches the same
 * list from the overview. axe on every page reached.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

/** A civil date `days` from today in China time. */
function chinaDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

const childName = `监${String(Date.now()).slice(-4)}`
const carer = `泗县儿童福利院（${childName}）`
let placement: Json

beforeAll(async () => {
  const enrolled = await enrolChild(await staffToken('dinghu'), {
    name: childName,
    birthDate: '2016-04-12',
    caregiver: { name: '王桂芝', relationship: 'paternal_grandparent', phone: '13700003333', livesWithChild: false },
    grade: { situations: ['living_alone'], reason: '奶奶住院，孩子一个人住', hardToJudge: false },
  })
  const started = await api('POST', `/staff/cases/children/${enrolled.id}/guardianship`, {
    token: await staffToken('sixian'),
    key: randomUUID(),
    body: { placement: 'welfare_institution', carerName: carer, reason: '奶奶住院，父母在外联系不上，孩子独自在家', startOn: chinaDate(-40), reviewOn: chinaDate(-10) },
  })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  placement = started.body
})

describe('临时监护名单', () => {
  it('the county officer opens the list, sees the overdue review marked, and opens the placement', async () => {
    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await staffSignIn(page, appUrl, 'sixian')
    await page.click('#inbox-guardianships:visible')
    const row = `#guardianships-row-${placement.id}:visible`
    // Overdue reviews lead the list, but other tests' placements may be older still: load more until it is shown.
    await scrollToItem(page, row, '#guardianships-more:visible')
    const text = (await page.textContent(row)) ?? ''
    expect(text).toContain(childName)
    expect(text).toContain('丁湖村')
    expect(text).toContain(carer)
    expect(text).toContain(chinaDate(-40))
    expect(await page.textContent(`#guardianships-row-${placement.id}-late`)).toContain('复查已过期 10 天')
    // The child's name only: nothing like an ID number, whole or masked, on the row.
    expect(text).not.toMatch(/\d{17}[\dX]|\d{3}\*{3,}/)
    await page.locator('#guardianships-overdue-note:visible').waitFor()
    await expectAccessible(page, 'the list of temporary guardianships')

    await page.click(row)
    await page.locator('#guardianship-record:visible').waitFor()
    expect(await page.textContent('#guardianship-record:visible .title')).toContain(childName)
    expect(await page.textContent('#guardianship-review-on:visible')).toBe(chinaDate(-10))
    await page.locator('#guardianship-review-open:visible').waitFor()
    await expectAccessible(page, 'a placement opened from the list')
  })

  it('the township supervisor reaches the same list from the overview, read-only', async () => {
    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await staffSignIn(page, appUrl, 'dinghu-town')
    await page.click('#inbox-overview:visible')
    await page.click('#ov-guardianships:visible')
    const row = `#guardianships-row-${placement.id}:visible`
    await scrollToItem(page, row, '#guardianships-more:visible')
    await expectAccessible(page, 'the township’s list of temporary guardianships')
    await page.click(row)
    await page.locator('#guardianship-record:visible').waitFor()
    // Only the county officer reviews or ends a placement.
    expect(await page.locator('#guardianship-review-open:visible').count()).toBe(0)
  })
})
