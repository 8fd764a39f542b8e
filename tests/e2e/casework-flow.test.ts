import { mkdtempSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { idCheckChar } from '@shouhu/shared'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken, type Json } from '../support/stack-api'
import { buildLedgerWorkbook } from '../../functions/src/documents/ledger-workbook'
import { sampleLedgerRows } from '../../functions/src/local/ledger-workbooks'

/**
 * 一人一档 on the H5 build against the local stack (short clocks: VISIT_GRACE_MS and
 * RED_INTERVENTION_MS in tests/support/stack-global-setup.ts). The county officer imports the
 * sample ledger (its first 20 rows — 丁湖村's children are rows 2–9 — so the test stays within
 * minutes on a shared machine; the 500-row import is timed in tests/api/child-import.test.ts),
 * the village director's morning list, a home visit that takes a yellow child off it, a red child left without an
 * intervention reaching the township's overdue list after the grace period, a resident's
 * report linked to a child's file, and the neighbouring village's director kept out.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const DINGHU = '341324102200'

async function childByName(token: string, name: string): Promise<Json> {
  const res = await api('GET', `/staff/children?village=${DINGHU}&limit=100`, { token })
  expect(res.status).toBe(200)
  const child = (res.body.items as Json[]).find((c) => c.name === name)
  expect(child, `${name} in 丁湖村's list`).toBeTruthy()
  return child!
}


let dinghuToken: string
/** 王小红 (demo, functions/src/workflows/child-demo.ts): her monthly home visit is due today. */
let yellow: Json
/** 张浩宇 (imported, row 4 of the sample): yellow, his monthly home visit overdue by the ledger's date. */
let visited: Json
let overdueYellow: Json
let red: Json
const redName = `红${String(Date.now()).slice(-4)}`

beforeAll(async () => {
  dinghuToken = await staffToken('dinghu')
  // Demo children of 丁湖村 (functions/src/workflows/child-demo.ts): 王小红 is due for her
  // monthly home visit today, 刘小明's is long overdue.
  yellow = await childByName(dinghuToken, '王小红')
  overdueYellow = await childByName(dinghuToken, '刘小明')
  // A child found living alone today: red, the intervention is due within the (short) day.
  const created = await api('POST', '/staff/children', {
    token: dinghuToken,
    key: randomUUID(),
    body: {
      name: redName,
      sex: 'male',
      birthDate: '2014-05-06',
      householdRegistration: 'rural',
      villageCode: DINGHU,
      schooling: { stage: 'primary', school: '丁湖镇中心小学' },
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
        { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      ],
      grade: { situations: ['living_alone'], reason: '邻居反映孩子独自在家，无大人照看', hardToJudge: false },
    },
  })
  expect(created.status).toBe(201)
  red = created.body
})

describe('the county officer imports the ledger', () => {
  it('uploads the sample workbook on the import page and sees every row filed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shouhu-ledger-'))
    const file = join(dir, '泗县-示例台账-前20行.xlsx')
    writeFileSync(file, await buildLedgerWorkbook((await sampleLedgerRows()).slice(0, 20)))

    const page = await newPage()
    await staffSignIn(page, appUrl, 'sixian')
    await page.click('#inbox-children:visible')
    await page.click('#children-import:visible')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#import-choose:visible')])
    await chooser.setFiles(file)
    await expect.poll(() => page.textContent('#import-file-name:visible')).toBe('泗县-示例台账-前20行.xlsx')
    await page.click('#import-upload:visible')
    await page.locator('#import-state[data-state="done"]:visible').waitFor({ timeout: 150_000 })
    expect(await page.textContent('#import-result:visible')).toContain('新建档案 20 份')
    visited = await childByName(dinghuToken, '张浩宇')
    expect(visited.colour).toBe('yellow')
    await expectAccessible(page, 'ledger import')
  }, 240_000)
})

describe('the village director’s morning', () => {
  let page: Page

  it('lands on today’s list after sign-in: overdue first, each child with colour in words and what is due', async () => {
    page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.locator('#today-overdue:visible').waitFor()
    const overdueCard = page.locator(`#today-child-${overdueYellow.id}:visible`)
    await overdueCard.waitFor()
    expect(await overdueCard.getAttribute('data-overdue')).toBe('true')
    expect(await overdueCard.textContent()).toContain('黄色')
    expect(await overdueCard.textContent()).toMatch(/至少每月入户走访一次（黄色）/)
    expect(await overdueCard.textContent()).toMatch(/已逾期 \d+ 天/)
    // No clause numbers or file codes on the director's screen.
    expect(await page.textContent('#today-overdue')).not.toMatch(/§|00[0-4]\s/)
    // Overdue comes before due today.
    const ids = await page.locator('[id^="today-child-"][data-colour]:visible').evaluateAll((els) => els.map((e) => e.id))
    const more = await page.locator('#today-more:visible').count()
    const fromApi = (await api('GET', '/staff/children/today', { token: dinghuToken })).body
    const names = (k: string) => (fromApi[k] as Json[]).map((c) => `${c.name}:${c.next?.dueOn}`).join(',')
    expect(ids, `today's cards (加载更多 shown: ${more}; API overdue ${names('overdue')} | today ${names('dueToday')} | week ${names('thisWeek')})`).toContain(`today-child-${yellow.id}`)
    expect(ids.indexOf(`today-child-${overdueYellow.id}`)).toBeLessThan(ids.indexOf(`today-child-${yellow.id}`))
    await expectAccessible(page, 'today')
  })

  it('opens the yellow child’s visit form with one tap; a missing checklist item is named and focused, then cleared', async () => {
    await page.click(`#today-child-${visited.id}-open`)
    await expect.poll(() => page.textContent('#visit-child-name:visible'), { timeout: 20_000 }).toContain('张浩宇')
    expect(await page.getAttribute('#visit-kind-home_visit:visible', 'aria-checked')).toBe('true')
    await page.click('#visit-submit:visible')
    await expect.poll(() => page.textContent('#error-visit-check-guardianship:visible')).toContain('监护和照料')
    expect(await page.textContent('#error-visit-check-guardianship:visible')).not.toMatch(/[A-Za-z]{4,}/)
    // An item not rated is asked for, not called 「格式不对」.
    expect(await page.textContent('#error-visit-check-guardianship:visible')).toContain('请选择情况')
    // The first mistake has the focus.
    expect(await page.evaluate(() => document.activeElement?.closest('[id^="visit-check-"]')?.id)).toBe('visit-check-guardianship')
    await page.click('#visit-check-guardianship-good:visible')
    await expect.poll(() => page.locator('#error-visit-check-guardianship:visible').count()).toBe(0)
    await expectAccessible(page, 'visit form')
  })

  it('records a home visit exactly once, even with a double tap, and the child leaves today’s list', async () => {
    for (const item of ['safety', 'schooling', 'health', 'living_conditions']) await page.click(`#visit-check-${item}-good:visible`)
    await page.click('#visit-check-child_view-concern:visible')
    await page.fill('#visit-check-child_view-note textarea', '孩子说想妈妈，晚上常哭')
    await page.fill('#visit-followup textarea', '下周请班主任多关注')
    // The draft is on the phone before anything is sent, with the form's one Idempotency-Key.
    const draft = async () => JSON.parse((await page.evaluate((id) => localStorage.getItem(`casework.draft.visit.${id}`), visited.id)) ?? 'null')?.data
    expect((await draft()).values.checks.child_view.note).toBe('孩子说想妈妈，晚上常哭')
    const key = (await draft()).key as string

    // No signal at the door: the submission fails, nothing is lost.
    await page.context().setOffline(true)
    await page.click('#visit-submit:visible')
    await expect.poll(() => page.textContent('#visit-error:visible'), { timeout: 20_000 }).toContain('网络')
    await page.context().setOffline(false)
    // The page is closed and opened again later: the form comes back as it was, same key.
    await page.reload()
    await page.locator('#visit-restored:visible').waitFor()
    expect(await page.inputValue('#visit-followup textarea')).toBe('下周请班主任多关注')
    expect((await draft()).key).toBe(key)

    await page.dblclick('#visit-submit:visible')
    // Done, or the reason it is not (a slow machine can take a while to answer).
    await page.locator('#visit-done:visible, #visit-error:visible').first().waitFor({ timeout: 30_000 })
    expect(await page.locator('#visit-error:visible').count(), (await page.locator('#visit-error:visible').textContent().catch(() => '')) ?? '').toBe(0)
    expect(await page.evaluate((id) => localStorage.getItem(`casework.draft.visit.${id}`), visited.id)).toBeNull()

    const timeline = await api('GET', `/staff/children/${visited.id}/timeline`, { token: dinghuToken })
    expect((timeline.body.items as Json[]).filter((e) => e.kind === 'visit')).toHaveLength(1)

    // Opened directly after the reload, 返回 goes to the child's file; today's list no longer has her.
    await page.goto(`${appUrl}?fresh=today#/casework/today/index`)
    await page.locator('#today-overdue:visible').waitFor()
    await expect.poll(() => page.locator(`#today-child-${visited.id}:visible`).count()).toBe(0)
    expect(await page.locator(`#today-child-${overdueYellow.id}:visible`).count()).toBe(1)
  })
})

describe('摸排建档 at the door', () => {
  it('points to the first mistake in plain Chinese, keeps the draft through a reload, and files the child once', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.click('#today-enrol:visible')
    await page.click('#enrol-submit:visible')
    await expect.poll(() => page.textContent('#error-enrol-name:visible')).toContain('姓名')
    expect(await page.evaluate(() => document.activeElement?.closest('#enrol-name') !== null)).toBe(true)
    const name = `建${String(Date.now()).slice(-4)}`
    await page.fill('#enrol-name input', name)
    await expect.poll(() => page.locator('#error-enrol-name:visible').count()).toBe(0)
    await expectAccessible(page, 'enrolment form')

    // The ID number fills in the birth date and sex (no typing dates).
    const first17 = `34132420160301${String(Date.now() % 1000).padStart(3, '0')}`
    await page.fill('#enrol-id input', first17 + idCheckChar(first17))
    await expect.poll(() => page.textContent('#enrol-birth:visible')).toContain('2016-03-01')
    // Closing the page loses nothing.
    await page.reload()
    await page.locator('#enrol-restored:visible').waitFor()
    expect(await page.inputValue('#enrol-name input')).toBe(name)

    for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']) await page.click(`#enrol-village-row-${code}:visible`)
    await expect.poll(() => page.textContent('#enrol-village-path:visible')).toContain('丁湖村')
    await page.click('#enrol-stage-primary:visible')
    await page.click('#enrol-parent-0-situation-at_home:visible')
    await page.click('#enrol-parent-1-situation-at_home:visible')
    await page.click('#enrol-no-caregiver:visible')
    await page.dblclick('#enrol-submit:visible')
    await page.locator('#child-name:visible, #enrol-error:visible').first().waitFor({ timeout: 30_000 })
    expect(await page.textContent('#child-name:visible')).toBe(name)
    expect(await page.textContent('#child-id-number:visible')).not.toContain(first17)

    const list = await api('GET', `/staff/children?village=${DINGHU}&limit=100`, { token: dinghuToken })
    expect((list.body.items as Json[]).filter((c) => c.name === name)).toHaveLength(1)
  })
})

describe('a red child left without an intervention', () => {
  it('reaches the township supervisor’s overdue list after the grace period', async () => {
    const town = await staffToken('dinghu-town')
    const inOverdueList = async () => {
      const res = await api('GET', `/staff/children/overdue?village=${DINGHU}`, { token: town })
      return (res.body.items as Json[] | undefined)?.some((c) => c.id === red.id) ?? false
    }
    // Intervention due within RED_INTERVENTION_MS, then VISIT_GRACE_MS more before the township.
    await expect.poll(inOverdueList, { timeout: 30_000, intervals: [1000] }).toBe(true)

    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu-town')
    await page.click('#inbox-children:visible')
    await page.locator('#children-overdue-summary:visible').waitFor()
    await expect.poll(async () => Number(await page.textContent('#children-overdue-total:visible'))).toBeGreaterThan(0)
    // The breakdown by village opens from the one-line count (the list stays on the first screen).
    await page.click('#children-overdue-toggle:visible')
    expect(await page.textContent(`#children-overdue-village-${DINGHU}:visible`)).toContain('丁湖村')
    await page.click('#children-tab-overdue:visible')
    await page.locator(`#children-item-${red.id}:visible`).waitFor()
    expect(await page.textContent(`#children-item-${red.id}:visible`)).toContain('红色')
    await expectAccessible(page, 'township overdue list')
  })
})

describe('a resident’s report about a child', () => {
  it('is linked to that child’s file by the director and shows on its timeline', async () => {
    const resident = await api('POST', '/auth/dev-login', { body: { account: 'resident' } })
    const report = await api('POST', '/reports', {
      token: resident.body.token,
      key: randomUUID(),
      body: {
        villageCode: DINGHU,
        situations: ['mental_distress'],
        description: '最近总看到孩子一个人坐在村口哭',
        childDescription: '王小红，13 岁左右，王爷爷家的孙女',
        reporter: { anonymous: true },
      },
    })
    expect(report.status).toBe(201)
    const reportId = report.body.id as string

    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=report#/staff/report/index?id=${reportId}`)
    await page.click('#report-link-child:visible')
    await page.locator(`#link-item-${yellow.id}:visible`).waitFor()
    expect(await page.textContent(`#link-item-${yellow.id}:visible`)).toContain('丁湖村')
    await page.locator('#link-new:visible').waitFor()
    await expectAccessible(page, 'link a report')
    await page.click(`#link-item-${yellow.id}-choose:visible`)

    await page.locator('#child-timeline:visible').waitFor()
    const linked = page.locator('[id^="child-event-"][data-kind="report_linked"]:visible')
    await expect.poll(() => linked.count()).toBe(1)
    expect(await page.textContent('#child-colour:visible')).toContain('黄色')
    // The summary shows the ID number masked only, and the categories by document name.
    expect(await page.textContent('#child-id-number:visible')).toMatch(/\*{6,}/)
    expect(await page.textContent('#child-categories:visible')).not.toMatch(/§/)
    await expectAccessible(page, 'child file')
  })
})

describe('the neighbouring village’s director', () => {
  it('does not see 丁湖村’s children, on the list or by a file’s address', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'shiding')
    await page.locator('#today-refresh:visible').waitFor()
    expect(await page.locator(`[id^="today-child-${overdueYellow.id}"]`).count()).toBe(0)
    await page.goto(`${appUrl}?fresh=shiding#/casework/child/index?id=${overdueYellow.id}`)
    await expect.poll(() => page.textContent('#child-error:visible')).toContain('没有权限')
    expect(await page.textContent('body')).not.toContain('刘小明')
  })
})
