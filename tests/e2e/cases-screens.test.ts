import { readFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken, type Json } from '../support/stack-api'

/**
 * The red-case screens of issue #11 on the H5 build against the local stack, as the people who use
 * them: the county officer (`sixian`) places a red child in temporary guardianship, records a
 * review and ends it; the township supervisor (`dinghu-town`) convenes a case conference and adds
 * a decision afterwards, and finds it again in 个案会商记录; the education liaison (`sixian-edu`) completes it under 「会商任务」; the
 * county officer downloads 「报送名单」 (no ID number, no birth date); and the village director
 * (`dinghu`) refers from the report page — first told to link the file, then with the report named.
 * axe on every page reached; the new buttons are pressed from the keyboard.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()
const DINGHU = '341324102200'

const token = staffToken

/** Presses a control from the keyboard, as someone without a touch screen would. */
async function pressByKeyboard(page: Page, selector: string) {
  await page.focus(selector)
  await page.keyboard.press('Enter')
}

/** A boy of eight (the report says 「大约8岁」, so the link page puts his file first). */
function birthDateForAge(age: number): string {
  const d = new Date()
  d.setUTCFullYear(d.getUTCFullYear() - age)
  d.setUTCMonth(d.getUTCMonth() - 2)
  return d.toISOString().slice(0, 10)
}

const childName = `护${String(Date.now()).slice(-4)}`
let child: Json
let taskId = ''

beforeAll(async () => {
  const created = await api('POST', '/staff/children', {
    token: await token('dinghu'),
    key: randomUUID(),
    body: {
      name: childName,
      sex: 'male',
      birthDate: birthDateForAge(8),
      householdRegistration: 'rural',
      villageCode: DINGHU,
      schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '二年级' },
      parents: [
        { relation: 'father', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
        { relation: 'mother', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
      ],
      caregiver: { name: '王桂芝', relationship: 'paternal_grandparent', phone: '13700003333', livesWithChild: false },
      grade: { situations: ['living_alone'], reason: '奶奶住院，孩子一个人住', hardToJudge: false },
    },
  })
  expect(created.status).toBe(201)
  child = created.body
  expect(child.grade.colour).toBe('red')
})

describe('temporary guardianship: the county officer places, reviews and ends it', () => {
  it('records the placement from the file, reviews it and ends it; the file follows each step', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'sixian')
    await page.goto(`${appUrl}?fresh=gd#/casework/child/index?id=${child.id}`)
    await page.locator('#child-guardianship-start:visible').waitFor()
    await expectAccessible(page, 'the child file, before the placement')
    await pressByKeyboard(page, '#child-guardianship-start:visible')
    await page.locator('#guardianship-page:visible').waitFor()
    await expectAccessible(page, 'the placement form')
    await page.click('#gd-placement-relatives:visible')
    await page.fill('#gd-carer:visible input', '孩子的姑姑 王桂兰')
    await page.fill('#gd-reason:visible textarea', '奶奶住院，孩子独自在家，父母在外地一时回不来')
    await page.click('#gd-submit:visible')
    await page.locator('#guardianship-saved:visible').waitFor()
    await expectAccessible(page, 'the placement saved')

    await pressByKeyboard(page, '#guardianship-open-record:visible')
    await page.locator('#guardianship-record:visible').waitFor()
    expect(await page.getAttribute('#guardianship-state:visible', 'data-state')).toBe('open')
    expect(await page.textContent('#guardianship-state:visible')).toBe('临时监护中')
    expect(await page.textContent('#guardianship-reviews:visible')).toContain('还没有复查过')
    await expectAccessible(page, 'the placement record')

    // Review: nothing written is named; then the review with the next date (30 days on by default).
    await pressByKeyboard(page, '#guardianship-review-open:visible')
    await page.locator('#guardianship-review-form:visible').waitFor()
    await page.click('#gr-submit:visible')
    await page.locator('#error-gr-note:visible').waitFor()
    await expectAccessible(page, 'the review form, with its message')
    await page.fill('#gr-note:visible textarea', '孩子在姑姑家适应良好，按时上学')
    const nextReview = (await page.textContent('#gr-next:visible'))!.trim()
    expect(nextReview).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await page.click('#gr-submit:visible')
    await expect.poll(() => page.textContent('#guardianship-done:visible')).toContain('复查已记录')
    expect(await page.textContent('#guardianship-review-0:visible')).toContain('孩子在姑姑家适应良好')
    expect(await page.textContent('#guardianship-review-on:visible')).toBe(nextReview)
    await expectAccessible(page, 'the placement after its review')

    // End: where the child goes and why are both asked for by name.
    await pressByKeyboard(page, '#guardianship-end-open:visible')
    await page.locator('#guardianship-end-form:visible').waitFor()
    await page.click('#ge-submit:visible')
    await page.locator('#error-ge-outcome:visible').waitFor()
    await page.locator('#error-ge-reason:visible').waitFor()
    await expectAccessible(page, 'the end form, with its messages')
    await page.fill('#ge-outcome:visible textarea', '回到父亲身边，由父亲照料')
    await page.fill('#ge-reason:visible textarea', '父亲已返乡，能够照料孩子')
    await page.click('#ge-submit:visible')
    await expect.poll(() => page.getAttribute('#guardianship-state:visible', 'data-state')).toBe('ended')
    expect(await page.textContent('#guardianship-ended:visible')).toContain('回到父亲身边')
    expect(await page.textContent('#guardianship-ended:visible')).toContain('父亲已返乡')
    expect(await page.locator('#guardianship-review-open:visible').count()).toBe(0)
    await expectAccessible(page, 'the ended placement')

    // The file no longer says 临时监护中, and its timeline says how it ended.
    await page.click('#guardianship-to-file:visible')
    await page.locator('#child-name:visible').waitFor()
    await page.locator('#child-guardianship-start:visible').waitFor()
    expect(await page.locator('#child-guardianship:visible').count()).toBe(0)
    await expect.poll(() => page.textContent('#child-timeline:visible')).toContain('临时监护结束')
    await expectAccessible(page, 'the child file after the placement ended')
    // Each step on the timeline opens the placement.
    await page.locator('#child-timeline:visible .cw-timeline-entry[data-kind="guardianship"] [id$="-guardianship"]').first().click()
    await expect.poll(() => page.getAttribute('#guardianship-state:visible', 'data-state')).toBe('ended')
  }, 180_000)
})

describe('case conference: convened, then a decision added later, and done by the department', () => {
  it('the township supervisor convenes with education and adds a decision after it was held', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu-town')
    await page.goto(`${appUrl}?fresh=cf#/casework/child/index?id=${child.id}`)
    await page.click('#child-convene:visible')
    await page.locator('#convene-page:visible').waitFor()
    await page.fill('#cf-subject:visible textarea', '孩子独自在家，需要学校和民政一起安排照料和上学')
    await page.click('#cf-dept-education:visible')
    await expectAccessible(page, 'the convene form')
    await page.click('#cf-submit:visible')
    await page.locator('#conference-record:visible').waitFor()
    expect(await page.textContent('#conference-tasks:visible')).toContain('还没有记录决定')
    await expectAccessible(page, 'the conference record')

    await pressByKeyboard(page, '#conference-add-decisions:visible')
    await page.locator('#conference-decisions-form:visible').waitFor()
    // Nothing filled in: what and who are each named.
    await page.click('#cd-submit:visible')
    await page.locator('#error-cd-decision-0-what:visible').waitFor()
    await page.locator('#error-cd-decision-0-who:visible').waitFor()
    await expectAccessible(page, 'the add-decisions form, with its messages')
    await page.fill('#cd-decision-0-what:visible input', '学校每天核实孩子到校，班主任每周家访一次')
    await page.click('#cd-decision-0-who-education:visible')
    await page.click('#cd-submit:visible')
    await page.locator('#conference-decisions-saved:visible').waitFor()
    const task = page.locator('#conference-tasks:visible [id^="conference-task-"]')
    await expect.poll(() => task.count()).toBe(1)
    expect(await task.textContent()).toContain('教育局')
    expect(await task.textContent()).toContain('未完成')
    taskId = (await task.getAttribute('id'))!.replace('conference-task-', '')
    await expectAccessible(page, 'the conference with its added decision')
  }, 120_000)

  it('the education liaison sees it under 会商任务 with only the shared facts and completes it', async () => {
    expect(taskId).not.toBe('')
    // The department is told of the task (the stream handler writes the notification).
    const eduToken = await token('sixian-edu')
    const told = async () => ((await api('GET', '/notifications', { token: eduToken })).body.items as Json[]).some((n) => n.subject?.id === taskId)
    await expect.poll(told, { timeout: 30_000 }).toBe(true)

    // The liaison lands on their department's list; their messages and 会商任务 are reached from it by tapping.
    const page = await newPage()
    await staffSignIn(page, appUrl, 'sixian-edu')
    await page.locator('#referral-list:visible').waitFor()
    await expect.poll(() => page.textContent('#liaison-messages-count:visible')).toMatch(/^[1-9]\d* 条未读$/)
    await pressByKeyboard(page, '#liaison-messages-toggle:visible')
    expect(await page.getAttribute('#liaison-messages-toggle:visible', 'aria-expanded')).toBe('true')
    const message = page.locator(`#liaison-messages:visible [id^="liaison-message-conference_task.${taskId}."]`).first()
    await message.waitFor()
    // The message names the task, never the child.
    expect(await message.textContent()).toContain('学校每天核实孩子到校')
    expect(await message.textContent()).not.toContain(childName)
    await expectAccessible(page, 'the liaison’s landing page with its messages open')
    expect(await message.textContent()).toContain('个案会商交给您一项任务')
    expect(await page.getAttribute('#liaison-tasks:visible', 'role')).toBe('link')
    // Tapping the message opens 会商任务 with that task first, however far down the list it is.
    await message.click()
    await page.locator('#tasks-page:visible').waitFor()
    const row = page.locator(`#tasks-focus:visible #task-${taskId}`)
    await row.waitFor()
    expect(await page.locator(`[id="task-${taskId}"]:visible`).count()).toBe(1)
    const text = (await row.textContent()) ?? ''
    expect(text).toContain('学校每天核实孩子到校')
    expect(text).toContain(childName)
    // Only name, age and village were put before the conference: not the carer, phone or colour.
    for (const unshared of ['王桂芝', '13700003333', '红色', '二年级']) expect(text, unshared).not.toContain(unshared)
    await expectAccessible(page, 'the department’s conference tasks')
    await pressByKeyboard(page, `#task-done-${taskId}:visible`)
    await page.fill(`#task-note-${taskId}:visible textarea`, '已和班主任落实，孩子每天到校')
    await page.click(`#task-submit-${taskId}:visible`)
    await expect.poll(() => row.textContent()).toContain('已完成')
    expect(await row.textContent()).toContain('已和班主任落实')
    await expectAccessible(page, 'the completed task')

    // The supervisor's record says it is done.
    const conferenceId = taskId.replace(/-\d+$/, '')
    const view = await api('GET', `/staff/cases/conferences/${conferenceId}`, { token: await token('dinghu-town') })
    expect(view.body.tasks).toEqual([expect.objectContaining({ id: taskId, status: 'done', doneNote: '已和班主任落实，孩子每天到校' })])
  }, 120_000)

  it('the township supervisor finds it in 个案会商记录 from the workbench, and opens it to see the task done', async () => {
    const conferenceId = taskId.replace(/-\d+$/, '')
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu-town')
    await page.goto(`${appUrl}?fresh=cl#/staff/inbox/index`)
    expect(await page.getAttribute('#inbox-conferences:visible', 'role')).toBe('link')
    await pressByKeyboard(page, '#inbox-conferences:visible')
    await page.locator('#conferences-list:visible').waitFor()
    // Newest first: the conference just held leads, named by the child and the village.
    const first = page.locator('#conferences-list:visible [id^="conferences-row-"]').first()
    await expect.poll(() => first.getAttribute('id')).toBe(`conferences-row-${conferenceId}`)
    const text = (await first.textContent()) ?? ''
    expect(text).toContain(childName)
    expect(text).toContain('丁湖村')
    expect(text).toContain('孩子独自在家')
    expect(text).toContain('决定 1 项事项')
    await expectAccessible(page, 'the township’s conferences')
    await pressByKeyboard(page, `#conferences-row-${conferenceId}:visible`)
    await page.locator('#conference-record:visible').waitFor()
    await expect.poll(() => page.textContent('#conference-tasks:visible')).toContain('已完成')
  }, 120_000)
})

describe('lists to 团委、妇联、残联', () => {
  it('the county officer opens 报送名单 and downloads the workbook: three sheets, no ID number or birth date', async () => {
    const page = await newPage()
    page.setDefaultTimeout(45_000)
    await staffSignIn(page, appUrl, 'sixian')
    await page.click('#inbox-mass-lists:visible')
    await page.locator('#mass-lists-page:visible').waitFor()
    await expectAccessible(page, 'the lists page')
    const [file] = await Promise.all([page.waitForEvent('download'), pressByKeyboard(page, '#mass-lists-download:visible')])
    expect(file.suggestedFilename()).toMatch(/^红黄蓝名单-\d{4}-\d{2}-\d{2}\.xlsx$/)
    await expect.poll(() => page.textContent('#mass-lists-notice:visible')).toContain('这次报送已记录')
    await page.locator('#mass-lists-history:visible [id^="mass-list-"]').first().waitFor()
    await expectAccessible(page, 'the lists page after a download')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await readFile((await file.path())!)) as any)
    expect(wb.worksheets.map((s) => s.name)).toEqual(['红色名单', '黄色名单', '蓝色名单'])
    for (const sheet of wb.worksheets) {
      const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String)
      expect(header).toEqual(['姓名', '性别', '年龄', '乡镇', '村（社区）', '风险等级', '类别'])
      for (const never of ['身份证', '出生', '电话', '家庭住址']) expect(header.join(' '), never).not.toContain(never)
    }
    const red = wb.getWorksheet('红色名单')!
    const names: string[] = []
    red.eachRow((row, n) => {
      if (n > 2) names.push(String(row.getCell(1).value))
    })
    expect(names).toContain(childName)
    // No cell anywhere holds an 18-character ID number or a full birth date.
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) => {
        for (const v of (row.values as unknown[]).slice(1)) {
          expect(String(v)).not.toMatch(/\d{17}[\dXx]/)
          expect(String(v)).not.toMatch(/^\d{4}-\d{2}-\d{2}$/)
        }
      })
    }
  }, 120_000)
})

describe('转介 from the report page', () => {
  let reportId = ''

  it('a resident reports the boy living alone', async () => {
    const page = await newPage()
    await page.goto(appUrl)
    await page.click('#report-start')
    await page.click('#dev-account-resident')
    await page.locator('#resident-name').waitFor()
    for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', DINGHU]) await page.click(`#division-row-${code}`)
    await page.click('#situation-living_alone')
    await page.fill('#report-description textarea', `${childName}一个人住在村东头老屋，已经三天没见大人了`)
    await page.fill('#report-child textarea', '男孩，大约8岁')
    await page.click('#report-submit')
    await page.locator('#tracking-code').waitFor()
    reportId = (await page.evaluate(() => JSON.parse(localStorage.getItem('myReports') ?? '{}').data))[0].id
    expect(reportId).toBeTruthy()
  }, 120_000)

  it('the director is told to link the file first, links it, and refers with the report named', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}?fresh=refer#/staff/report/index?id=${reportId}`)
    await page.locator('#report-refer:visible').waitFor()
    await pressByKeyboard(page, '#report-refer:visible')
    const unlinked = page.locator('#report-refer-unlinked:visible')
    await unlinked.waitFor()
    expect(await unlinked.textContent()).toContain('先把这条反映关联到孩子的档案')
    await expectAccessible(page, 'the report page, not yet linked to a file')

    await page.click('#report-refer-link:visible')
    await page.click(`#link-item-${child.id}-choose:visible`)
    await page.locator('#child-name:visible').waitFor()

    await page.goto(`${appUrl}?fresh=refer2#/staff/report/index?id=${reportId}`)
    await page.click('#report-refer:visible')
    await page.locator('#referral-form:visible').waitFor()
    expect(page.url()).toContain(`report=${reportId}`)
    expect(await page.textContent('#referral-form:visible .title')).toContain(childName)
    await page.locator('#referral-from-report:visible').waitFor()
    await page.click('#referral-department-education:visible')
    await page.click('#referral-reason-suspected_dropout:visible')
    await page.click('#referral-consent-guardian:visible')
    await page.fill('#referral-consent-by:visible input', '王桂芝')
    await page.fill('#referral-consent-relation:visible input', '奶奶')
    await expectAccessible(page, 'the referral form from a report')
    await page.click('#referral-submit:visible')
    await page.locator('#referral-detail:visible').waitFor()
    const referralId = decodeURIComponent(/detail\/index\?id=([^&]+)/.exec(page.url())?.[1] ?? '')
    expect(referralId).not.toBe('')

    // The report lists the referral made from it.
    await page.goto(`${appUrl}?fresh=refer3#/staff/report/index?id=${reportId}`)
    await page.locator(`#report-referral-${referralId}:visible`).waitFor()
    expect(await page.textContent(`#report-referral-${referralId}:visible`)).toContain('教育局')
    await expectAccessible(page, 'the report page with its referral')
    const stored = await api('GET', `/staff/referrals/${referralId}`, { token: await token('dinghu') })
    expect(stored.body).toMatchObject({ reportId, childId: child.id, department: 'education' })
  }, 180_000)

  it('the county officer follows referrals but is not offered 转介 on the report', async () => {
    const page = await newPage()
    await staffSignIn(page, appUrl, 'sixian')
    await page.goto(`${appUrl}?fresh=county#/staff/report/index?id=${reportId}`)
    await page.locator('#report-referrals:visible [id^="report-referral-"]').first().waitFor()
    expect(await page.locator('#report-refer:visible').count()).toBe(0)
  }, 60_000)
})
