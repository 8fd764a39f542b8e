import { describe, expect, inject, it } from 'vitest'
import { expectAccessible, scrollToItem, staffSignIn, usePhoneBrowser } from '../support/browser'
import { enrolChild, api, staffToken } from '../support/stack-api'

/**
 * The county overview's township row: its 儿童 and 红色 numbers open that township's children
 * (`?township=`, read from the township's own partition), like a village row's numbers open the
 * village's. A red child enrolled in 丁湖村 is in 丁湖镇's red list; the filter is said on screen
 * and one tap removes it. axe on the narrowed list.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()
const DINGHU_TOWN = '341324102000'

describe('the county overview: a township row’s numbers are links', () => {
  it('红色 of 丁湖镇 opens 丁湖镇’s red children', async () => {
    const name = `镇红${String(Date.now()).slice(-4)}`
    const child = await enrolChild(await staffToken('dinghu'), { name, grade: { situations: ['living_alone'], reason: '独自居住' } })

    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await staffSignIn(page, appUrl, 'sixian')
    await page.click('#inbox-overview:visible')
    const children = page.locator(`#ov-area-${DINGHU_TOWN}-children:visible`)
    await children.waitFor()
    expect(await children.getAttribute('role')).toBe('link')
    const red = page.locator(`#ov-area-${DINGHU_TOWN}-red:visible`)
    expect(await red.textContent()).toMatch(/红色 [1-9]\d*/)
    await red.click()

    await page.locator('#children-township:visible', { hasText: '只看：丁湖镇 · 红色儿童' }).waitFor()
    await scrollToItem(page, `#children-item-${child.id}:visible`, '#children-more:visible')
    expect(await page.textContent(`#children-item-${child.id}`)).toContain(name)
    const colours = await page.locator('#children-list:visible .cw-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-colour')))
    expect(colours.length).toBeGreaterThan(0)
    expect(colours.every((c) => c === 'red')).toBe(true)
    await expectAccessible(page, 'the red children of 丁湖镇')

    // The filter is removable: the county's whole list comes back.
    await page.click('#children-township-clear:visible')
    await page.locator('#children-township:visible').waitFor({ state: 'hidden' })
  })
})

describe('the township overview: only figures with a list of their own are links', () => {
  it('a category and 本周应走访 are plain numbers for 丁湖镇; a colour opens its children', async () => {
    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await staffSignIn(page, appUrl, 'dinghu-town')
    await page.click('#inbox-overview:visible')
    await page.locator('#ov-updated:visible', { hasText: '更新于' }).waitFor()
    const category = page.locator('[id^="ov-fig-cat-"]:visible').first()
    await category.waitFor()
    for (const fig of [category, page.locator('#ov-fig-week:visible')]) {
      expect(await fig.getAttribute('role')).toBeNull()
      expect(await fig.getAttribute('tabindex')).toBeNull()
    }
    await expectAccessible(page, 'the township overview')
    // The overdue figure counts what the township's overdue list holds (what has reached the
    // township); all overdue visits are in its hint. (The browser stack's grace is seconds long, so
    // the two numbers are not compared: a child may reach the township between two reads.)
    const overdue = (await page.textContent('#ov-fig-overdue:visible')) ?? ''
    expect(overdue).toContain('逾期已报乡镇')
    expect(overdue).toContain('逾期共')
    await page.click('#ov-fig-red:visible')
    await page.locator('#children-list:visible').waitFor()
    await expect.poll(() => page.locator('#children-colour-red[aria-checked="true"]:visible').count()).toBe(1)
  })
})
