import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { idCheckChar } from '@shouhu/shared'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken, type Json } from '../support/stack-api'

/**
 * A child who moves and two files of one child, on the H5 build against the local stack (issue
 * #7): 丁湖村's director transfers a child to 石丁村 from the child's file; 石丁村's director
 * finds it under 「待接收」 on the today page and accepts; 丁湖村 can no longer open or list the
 * child. Then a duplicate pair is compared side by side from 「可能重复」 and merged only after
 * the confirmation. axe on every page reached.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const DINGHU = '341324102200'
const SHIDING = '341324102201'
const tag = String(Date.now()).slice(-5)

async function enrol(token: string, name: string, birthDate: string, idNumber?: string): Promise<Json> {
  const res = await api('POST', '/staff/children', {
    token,
    key: randomUUID(),
    body: {
      name,
      sex: 'female',
      birthDate,
      ...(idNumber ? { idNumber } : {}),
      householdRegistration: 'rural',
      villageCode: DINGHU,
      schooling: { stage: 'primary', school: '丁湖镇中心小学' },
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
        { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      ],
      caregiver: { name: '迁奶奶', relationship: 'paternal_grandparent', phone: '13700001111', livesWithChild: true },
    },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}
async function villageListHas(token: string, id: string): Promise<boolean> {
  let cursor: string | undefined
  do {
    const res = await api('GET', `/staff/children?village=${DINGHU}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token })
    if (res.status !== 200) return false
    if ((res.body.items as Json[]).some((c) => c.id === id)) return true
    cursor = res.body.nextCursor
  } while (cursor)
  return false
}

let dinghuToken: string
let mover: Json
let leaver: Json
let withoutId: Json
let withId: Json
const birthOfPair = '2016-04-0' + (1 + (Number(tag) % 9))

beforeAll(async () => {
  dinghuToken = await staffToken('dinghu')
  mover = await enrol(dinghuToken, `迁${tag}`, '2015-08-08')
  leaver = await enrol(dinghuToken, `离${tag}`, '2014-09-09')
  // Two files of one girl: filed once at the door without her ID number, once with it.
  const first17 = `341324${birthOfPair.replaceAll('-', '')}${String(Number(tag) % 500).padStart(2, '0').slice(-2)}2`
  withoutId = await enrol(dinghuToken, `双${tag}`, birthOfPair)
  withId = await enrol(dinghuToken, `双${tag}`, birthOfPair, first17 + idCheckChar(first17))
})

describe('a child moves to 石丁村', () => {
  let dinghu: Page
  let shiding: Page

  it('丁湖村’s director asks 石丁村 to take the file over, from the file, with the village picker', async () => {
    dinghu = await newPage()
    await staffSignIn(dinghu, appUrl, 'dinghu')
    await dinghu.goto(`${appUrl}#/casework/child/index?id=${mover.id}`)
    await expect.poll(() => dinghu.textContent('#child-name:visible')).toBe(mover.name)
    await expectAccessible(dinghu, 'child file')
    await dinghu.click('#child-act-transfer:visible')
    // The picker opens at the child's township: 石丁村 is one tap away. The township on screen is
    // not a destination: the button names none until a village is chosen.
    await dinghu.locator(`#transfer-division-row-${SHIDING}:visible`).waitFor()
    expect(await dinghu.textContent('#transfer-submit:visible')).toBe('申请转出')
    expect(await dinghu.textContent('#transfer-hint:visible')).toContain('请先')
    await dinghu.click('#transfer-submit:visible')
    await expect.poll(() => dinghu.textContent('#error-transfer-village:visible')).toContain('村（社区）')
    await dinghu.click(`#transfer-division-row-${SHIDING}:visible`)
    await expect.poll(() => dinghu.textContent('#transfer-division-path:visible')).toContain('石丁村')
    expect(await dinghu.textContent('#transfer-submit:visible')).toBe('申请转到石丁村')
    expect(await dinghu.locator('#error-transfer-village:visible').count()).toBe(0)
    // No reason: the message names its field once.
    await dinghu.click('#transfer-submit:visible')
    await expect.poll(() => dinghu.textContent('#error-transfer-reason:visible')).toBe('转出原因：请写清孩子搬到哪里、为什么')
    await dinghu.fill('#transfer-reason textarea', '随奶奶搬到石丁村居住，已在那边上学')
    await expect.poll(() => dinghu.locator('#error-transfer-reason:visible').count()).toBe(0)
    await expectAccessible(dinghu, 'transfer panel')
    await dinghu.click('#transfer-submit:visible')
    await expect.poll(() => dinghu.textContent('#child-transfer-state:visible'), { timeout: 20_000 }).toContain('等待石丁村接收')
    // Until accepted it is still 丁湖村's child.
    expect(await villageListHas(dinghuToken, mover.id)).toBe(true)
    expect(await dinghu.locator('#child-timeline [data-kind="transfer_requested"]:visible').count()).toBe(1)
    await expectAccessible(dinghu, 'child file waiting for 石丁村')
  }, 120_000)

  it('石丁村’s director sees it under 待接收 on the today page and accepts it', async () => {
    shiding = await newPage()
    await staffSignIn(shiding, appUrl, 'shiding')
    const row = shiding.locator(`#incoming-${mover.id}:visible`)
    await row.waitFor({ timeout: 20_000 })
    expect(await row.textContent()).toContain('从丁湖村转来')
    expect(await row.textContent()).toContain('随奶奶搬到石丁村居住')
    await expectAccessible(shiding, 'today with 待接收')
    await shiding.click(`#incoming-${mover.id}-accept:visible`)
    await expect.poll(() => shiding.textContent('#incoming-done:visible'), { timeout: 20_000 }).toContain('已接收')
    await expect.poll(() => shiding.locator(`#incoming-${mover.id}:visible`).count()).toBe(0)
    // Accepting reloads the list; check the page once it has done so.
    await expect.poll(() => shiding.textContent('#today-refresh:visible')).toBe('刷新')
    await expectAccessible(shiding, 'today after accepting')
    await shiding.click('#incoming-done-open:visible')
    await expect.poll(() => shiding.textContent('#child-name:visible'), { timeout: 20_000 }).toBe(mover.name)
    expect(await shiding.textContent('#child-timeline:visible')).toContain('已从丁湖村转到石丁村')
    await expectAccessible(shiding, 'the file in 石丁村')
  }, 120_000)

  it('丁湖村 no longer sees the child', async () => {
    expect(await villageListHas(dinghuToken, mover.id)).toBe(false)
    await dinghu.goto(`${appUrl}?fresh=after#/casework/child/index?id=${mover.id}`)
    await dinghu.locator('#child-error:visible').waitFor({ timeout: 20_000 })
    await expectAccessible(dinghu, 'file no longer ours')
    await dinghu.goto(`${appUrl}?fresh=list#/casework/children/index?village=${DINGHU}`)
    await dinghu.locator('[id^="children-item-"]:visible, #children-empty:visible').first().waitFor({ timeout: 20_000 })
    expect(await dinghu.locator(`#children-item-${mover.id}`).count()).toBe(0)
    await expectAccessible(dinghu, 'children list')
  }, 120_000)
})

describe('two files of one child', () => {
  it('「可能重复」 opens both side by side; nothing merges until the director confirms; the kept file records it', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}#/casework/child/index?id=${withoutId.id}`)
    const suggestion = page.locator(`#child-duplicate-${withId.id}:visible`)
    await suggestion.waitFor({ timeout: 20_000 })
    expect(await suggestion.textContent()).toMatch(/341\*+/)
    await expectAccessible(page, 'file with 可能重复')
    await page.click(`#child-duplicate-${withId.id}-compare:visible`)
    await page.locator('#merge-compare:visible').waitFor({ timeout: 20_000 })
    // Summary only, the ID masked; the file with the ID number is the one kept.
    const idLine = (await page.textContent('#merge-line-id:visible'))!
    expect(idLine).toContain('未登记')
    expect(idLine).toMatch(/341\*+\d{3}[\dX]/)
    expect(idLine).not.toMatch(/\d{17}/)
    expect(await page.getAttribute('#merge-line-name:visible', 'data-same')).toBe('true')
    expect(await page.textContent('#merge-keep-fixed:visible')).toContain('档案二')
    await expectAccessible(page, 'merge comparison')

    await page.click('#merge-start:visible')
    const confirm = page.locator('#merge-confirm:visible')
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain('不能撤销')
    expect(await confirm.textContent()).toContain('并入保留的档案')
    await expectAccessible(page, 'merge confirmation')
    // Cancelling merges nothing.
    await page.click('#merge-confirm-no:visible')
    expect((await api('GET', `/staff/children/${withoutId.id}`, { token: dinghuToken })).body.mergedInto).toBeUndefined()

    await page.click('#merge-start:visible')
    await page.click('#merge-confirm-yes:visible')
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain(`id=${withId.id}`)
    await page.locator('#child-timeline [data-kind="merged"]:visible').waitFor({ timeout: 20_000 })
    expect(await page.textContent('#child-timeline:visible')).toContain('已合并到本档案')
    expect(await page.locator(`#child-duplicate-${withoutId.id}:visible`).count()).toBe(0)
    await expectAccessible(page, 'kept file after merging')
    expect((await api('GET', `/staff/children/${withoutId.id}`, { token: dinghuToken })).body.mergedInto).toBe(withId.id)
  }, 180_000)
})

describe('who keeps a file, and closing one', () => {
  it('names the responsible director, then closes the file for a move out of the county after a confirmation; it stays readable on 已结档', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}#/casework/child/index?id=${leaver.id}`)
    await expect.poll(() => page.textContent('#child-name:visible'), { timeout: 20_000 }).toBe(leaver.name)
    expect(await page.textContent('#child-responsible:visible')).toContain('共同负责')
    await page.click('#child-act-responsible:visible')
    await page.locator('[id^="responsible-"][role="radio"]:visible').first().click()
    await expectAccessible(page, 'responsible director panel')
    await page.click('#responsible-submit:visible')
    await expect.poll(() => page.textContent('#child-responsible:visible'), { timeout: 20_000 }).not.toContain('共同负责')
    expect(await page.locator('#child-timeline [data-kind="responsible_set"]:visible').count()).toBe(1)

    await page.click('#child-act-close:visible')
    await page.click('#close-submit:visible')
    await expect.poll(() => page.textContent('#error-close-reason:visible')).toContain('结档原因')
    await page.click('#close-reason-moved_out_of_county:visible')
    await page.fill('#close-destination input', '江苏省宿迁市泗洪县')
    // The county it moved to (optional): its civil-affairs officers would be told.
    for (const code of ['320000000000', '321300000000', '321324000000']) await page.click(`#close-county-row-${code}:visible`)
    await expect.poll(() => page.textContent('#close-county-path:visible')).toContain('泗洪县')
    await page.fill('#close-note textarea', '短')
    await page.click('#close-submit:visible')
    await expect.poll(() => page.textContent('#error-close-note:visible')).toBe('说明：请写清是怎么知道的、是否已核实')
    await page.fill('#close-note textarea', '奶奶电话告知，已上门核实')
    await expectAccessible(page, 'close panel')
    await page.click('#close-submit:visible')
    await page.locator('#close-confirm:visible').waitFor()
    // The fixed note no longer says it is wrong beside the confirmation.
    expect(await page.locator('#child-close-panel .field-errors:visible').count()).toBe(0)
    await expectAccessible(page, 'close confirmation')
    // Nothing is closed before the confirmation.
    expect((await api('GET', `/staff/children/${leaver.id}`, { token: dinghuToken })).body.closed).toBeUndefined()
    await page.click('#close-confirm-yes:visible')
    await expect.poll(() => page.textContent('#child-closed:visible'), { timeout: 20_000 }).toContain('已结档：孩子搬到本县以外居住')
    // Nobody at 泗洪县 uses the system: the file says to tell it by hand, never that it was told.
    expect(await page.textContent('#child-closed-handover:visible')).toBe('泗洪县还没有使用守护，系统没法告诉他们：请打电话或发函告诉当地县民政部门。')
    expect(await page.locator('#child-visit:visible').count()).toBe(0)
    expect(await page.textContent('#child-timeline:visible')).toContain('结档')
    await expectAccessible(page, 'closed file')
    expect(await villageListHas(dinghuToken, leaver.id)).toBe(false)

    await page.goto(`${appUrl}?fresh=closed#/casework/closed/index`)
    const row = page.locator(`#closed-row-${leaver.id}:visible`)
    await row.waitFor({ timeout: 20_000 })
    expect(await row.textContent()).toContain('孩子搬到本县以外居住')
    await expectAccessible(page, 'closed files')
    await row.click()
    await expect.poll(() => page.textContent('#child-closed:visible'), { timeout: 20_000 }).toContain('已结档')
  }, 180_000)

  it('reopens the closed file from 已结档 after a reason and a confirmation; the child is back on the village list', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=reopen#/casework/closed/index`)
    const row = page.locator(`#closed-row-${leaver.id}:visible`)
    await row.waitFor({ timeout: 20_000 })
    await row.click()
    await expect.poll(() => page.textContent('#child-closed:visible'), { timeout: 20_000 }).toContain('已结档')
    await page.click('#child-act-reopen:visible')
    // A reason is required, and said where the director is looking.
    await page.click('#reopen-submit:visible')
    await expect.poll(() => page.textContent('#error-reopen-reason:visible')).toContain('恢复原因')
    await page.fill('#reopen-reason textarea', '孩子随奶奶回到本村居住，已上门核实')
    await expectAccessible(page, 'reopen panel')
    await page.click('#reopen-submit:visible')
    const confirm = page.locator('#reopen-confirm:visible')
    await confirm.waitFor()
    expect(await confirm.getAttribute('role')).toBe('alertdialog')
    expect(await confirm.textContent()).toContain('本村名单')
    await expectAccessible(page, 'reopen confirmation')
    // Nothing is reopened before the confirmation; 再想想 keeps it closed.
    await page.click('#reopen-confirm-no:visible')
    expect((await api('GET', `/staff/children/${leaver.id}`, { token: dinghuToken })).body.closed).toBeTruthy()
    await page.click('#reopen-submit:visible')
    // From the keyboard: the confirm button takes Enter.
    await page.focus('#reopen-confirm-yes:visible')
    await page.keyboard.press('Enter')
    await page.locator('#child-visit:visible').waitFor({ timeout: 20_000 })
    expect(await page.locator('#child-closed:visible').count()).toBe(0)
    expect(await page.locator('#child-timeline [data-kind="reopened"]:visible').count()).toBe(1)
    expect(await page.textContent('#child-timeline:visible')).toContain('孩子随奶奶回到本村居住，已上门核实')
    await expectAccessible(page, 'reopened file')
    expect(await villageListHas(dinghuToken, leaver.id)).toBe(true)

    await page.goto(`${appUrl}?fresh=reopened#/casework/children/index?village=${DINGHU}`)
    await page.locator('[id^="children-item-"]:visible, #children-empty:visible').first().waitFor({ timeout: 20_000 })
    // The list pages in due order: read on (「加载更多」) until the child's row shows, as a director would.
    for (let i = 0; i < 50 && (await page.locator(`#children-item-${leaver.id}:visible`).count()) === 0; i++) {
      if ((await page.locator('#children-more:visible').count()) === 0) break
      const shown = await page.locator('[id^="children-item-"][id$="-open"]:visible').count()
      await page.click('#children-more:visible')
      await expect.poll(() => page.locator('[id^="children-item-"][id$="-open"]:visible').count(), { timeout: 20_000 }).toBeGreaterThan(shown)
    }
    await page.locator(`#children-item-${leaver.id}:visible`).waitFor({ timeout: 20_000 })
    await expectAccessible(page, 'children list with the reopened child')
    await page.goto(`${appUrl}?fresh=closed2#/casework/closed/index`)
    await page.locator('[id^="closed-row-"]:visible, #closed-empty:visible').first().waitFor({ timeout: 20_000 })
    expect(await page.locator(`#closed-row-${leaver.id}`).count()).toBe(0)
  }, 180_000)
})
