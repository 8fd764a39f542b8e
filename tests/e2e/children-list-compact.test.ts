import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, scrollToItem, staffSignIn, usePhoneBrowser } from '../support/browser'
import { enrolChild, staffToken } from '../support/stack-api'

/**
 * The children list of a township or county officer starts on the first screen: the county's
 * two hundred villages are one 「按村筛选：全部」 control, not two hundred chips above the first
 * child (they put it five and a half screens down on a 740-px phone). The control opens the
 * choice (the county's townships, each opening its villages, and a search by name), works from
 * the keyboard, and the list it narrows shows that village's children only. axe on each state.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const DINGHU = '341324102200'
const SHIDING = '341324102201'
const DINGHU_TOWN = '341324102000'
const SCREEN = 740

const firstRow = (page: Page) => page.locator('#children-list:visible .cw-card').first()

/** The village each card on screen says its child lives in (the line under the name). */
async function villagesShown(page: Page): Promise<string[]> {
  return page.locator('#children-list:visible .cw-card').evaluateAll((cards) => cards.map((c) => (c.querySelector('.hint')?.textContent ?? '').split(' · ')[0]!.trim()))
}

/** Waits until every card on screen is of that village (the list is replaced after the choice). */
async function onlyVillage(page: Page, name: string): Promise<void> {
  await expect.poll(async () => {
    const shown = await villagesShown(page)
    return shown.length > 0 && shown.every((v) => v === name)
  }).toBe(true)
}

async function openList(page: Page, account: string): Promise<void> {
  await staffSignIn(page, appUrl, account)
  await page.click('#inbox-children:visible')
  await firstRow(page).waitFor()
  // The overdue count and the colour chips arrive with the list; measure once they are there.
  await page.locator('#children-overdue-summary:visible').waitFor()
  await page.locator('#children-village-toggle:visible').waitFor()
}

describe('the children list of a county or township officer', () => {
  it('the county’s first child is on the first screen; 按村筛选 opens by keyboard and narrows the list to one village', async () => {
    const stamp = String(Date.now()).slice(-5)
    const inDinghu = await enrolChild(await staffToken('dinghu'), { name: `县甲${stamp}` })
    const inShiding = await enrolChild(await staffToken('shiding'), { name: `县乙${stamp}`, villageCode: SHIDING })

    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await openList(page, 'sixian')
    const box = await firstRow(page).boundingBox()
    expect(box, 'the first child row is laid out').not.toBeNull()
    // Its name line at least is on the first screen, not five screens down.
    expect(box!.y + 48).toBeLessThan(SCREEN)
    // No village chips before the list: one control, named by what it shows, closed.
    expect(await page.locator('[id^="children-village-341324"]:visible').count()).toBe(0)
    const toggle = page.locator('#children-village-toggle:visible')
    expect(await toggle.getAttribute('role')).toBe('button')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await toggle.textContent()).toContain('按村筛选：全部')
    await expectAccessible(page, 'the county’s children list')

    // Keyboard: Enter opens it; the county's townships each open their villages.
    await toggle.focus()
    await page.keyboard.press('Enter')
    await page.locator('#children-village-panel:visible').waitFor()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const town = page.locator(`#children-village-town-${DINGHU_TOWN}:visible`)
    expect(await town.getAttribute('aria-expanded')).toBe('false')
    await town.focus()
    await page.keyboard.press('Enter')
    await page.locator(`#children-village-${SHIDING}:visible`).waitFor()
    expect(await town.getAttribute('aria-expanded')).toBe('true')
    expect(await page.getAttribute(`#children-village-${SHIDING}`, 'role')).toBe('radio')
    await expectAccessible(page, 'the county’s village choice, 丁湖镇 open')

    // Choosing 石丁村 (Space on the radio) closes the choice, puts the focus back on the control
    // and lists 石丁村's children only.
    await page.focus(`#children-village-${SHIDING}`)
    await page.keyboard.press(' ')
    await expect.poll(() => toggle.textContent()).toContain('按村筛选：石丁村')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('#children-village-panel:visible').count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('children-village-toggle')
    await onlyVillage(page, '石丁村')
    await scrollToItem(page, `#children-item-${inShiding.id}:visible`, '#children-more:visible')
    expect(await page.locator(`#children-item-${inDinghu.id}`).count()).toBe(0)
    await onlyVillage(page, '石丁村')
    await expectAccessible(page, 'the county’s list narrowed to 石丁村')

    // By name: 「丁湖」 finds 丁湖村 among two hundred villages; choosing it narrows the list again.
    await toggle.click()
    await page.fill('#children-village-search input', '丁湖')
    await page.click(`#children-village-${DINGHU}:visible`)
    await expect.poll(() => toggle.textContent()).toContain('按村筛选：丁湖村')
    await onlyVillage(page, '丁湖村')
    await scrollToItem(page, `#children-item-${inDinghu.id}:visible`, '#children-more:visible')
    await onlyVillage(page, '丁湖村')

    // 全部村 brings the whole county back.
    await toggle.click()
    await page.click('#children-village-all:visible')
    await expect.poll(() => toggle.textContent()).toContain('按村筛选：全部')
  })

  it('the township’s list is compact too: the first child on the first screen, its villages one tap away', async () => {
    const page = await newPage()
    page.setDefaultTimeout(60_000)
    await openList(page, 'dinghu-town')
    const box = await firstRow(page).boundingBox()
    expect(box!.y + 48).toBeLessThan(SCREEN)
    const toggle = page.locator('#children-village-toggle:visible')
    await toggle.click()
    // A township's villages are the choices themselves (no township level to open).
    await page.locator(`#children-village-${DINGHU}:visible`).waitFor()
    expect(await page.locator('[id^="children-village-town-"]:visible').count()).toBe(0)
    await expectAccessible(page, 'the township’s village choice')
    await page.click(`#children-village-${DINGHU}:visible`)
    await expect.poll(() => toggle.textContent()).toContain('按村筛选：丁湖村')
    await onlyVillage(page, '丁湖村')

    // The overdue count is one line; its breakdown opens on tap.
    const summary = page.locator('#children-overdue-toggle:visible')
    if ((await summary.getAttribute('role')) === 'button') {
      expect(await summary.getAttribute('aria-expanded')).toBe('false')
      await summary.click()
      expect(await summary.getAttribute('aria-expanded')).toBe('true')
      await page.locator('[id^="children-overdue-village-"]:visible').first().waitFor()
    }
  })
})
