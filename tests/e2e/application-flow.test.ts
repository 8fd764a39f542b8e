import { describe, expect, inject, it, vi } from 'vitest'
import type { Page } from 'playwright-core'
import { idCheckChar } from '@shouhu/shared'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * 儿童关爱补贴 on the H5 build against the local stack (DynamoDB Local, s3rver, stream
 * poller, schedule timer): a guardian runs the pre-check and applies with a photo of a paper,
 * the township asks for a missing paper, the guardian supplies it, the county approves, and
 * the guardian's status page shows every step with its office and days.
 */
const appUrl = inject('appUrl')
// Each poll waits for a step another page took through the API, the stream and the schedule: on
// the shared 2-core machine (load ≈ 30) that takes longer than expect.poll's default second.
vi.setConfig({ expect: { poll: { timeout: 10_000 } } })
const { newPage, contexts } = usePhoneBrowser()

// A real 1×1 PNG: the H5 image picker loads what it is given.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

// Fresh data: a child nobody else's test uses, with a valid ID number.
const birth = '20140923'
const first17 = `341324${birth}${String(Date.now() % 1000).padStart(3, '0')}`
const childIdNumber = first17 + idCheckChar(first17)
const childName = `测${String(Date.now()).slice(-4)}宝`
const account = '6217002345678901234'


async function staffPage(username: string): Promise<Page> {
  const page = await newPage()
  await staffSignIn(page, appUrl, username)
  return page
}

/** Opens the staff page of the application afresh (a new document, so no stale page copies). */
async function openApplication(page: Page, id: string, n: number) {
  await page.goto(`${appUrl}?fresh=${n}#/staff/application/index?id=${id}`)
  await page.locator('#sapp-state:visible').waitFor()
}

async function takeStep(page: Page, step: string, fill?: () => Promise<void>) {
  await page.click(`#toggle-${step}:visible`)
  await fill?.()
  await page.click(`#step-${step}:visible`)
}

const stateOf = (page: Page, selector: string) => page.getAttribute(`${selector}:visible`, 'data-state')

async function choosePhoto(page: Page, button: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(`${button}:visible`)])
  await chooser.setFiles({ name: 'paper.png', mimeType: 'image/png', buffer: PHOTO })
}

let guardian: Page
let applicationId = ''


describe('a guardian applies for the children\'s allowance and follows it to approval', () => {
  // Until issue #8 this walked a 低保 family to Wenling's 448 元, which 泗县 does not pay (001 §2(一)2):
  // 泗县's own set pays de-facto unsupported children its scattered-orphan standard (a demo value).
  it('the pre-check estimates 泗县\'s standard for a child whose parents cannot raise it, marked as a demo value', async () => {
    guardian = await newPage()
    await guardian.goto(appUrl)
    await guardian.click('#allowance-start')
    await guardian.click('#dev-account-resident')
    await guardian.locator('#resident-name:visible').waitFor()
    for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']) {
      await guardian.click(`#division-row-${code}:visible`)
    }
    await expect.poll(() => guardian.textContent('#division-path:visible')).toContain('丁湖镇 / 丁湖村')
    await guardian.fill('#precheck-birth input', '2014-09-23')
    await guardian.click('#precheck-father-imprisoned')
    await guardian.click('#precheck-mother-severely_disabled')
    await guardian.click('#precheck-submit')

    await guardian.locator('#match-fact_unsupported').waitFor()
    expect(await guardian.textContent('#match-amount-fact_unsupported')).toContain('1,000 元（演示金额）')
    expect(await guardian.textContent('#match-explain-fact_unsupported')).toContain('按泗县的政策')
    expect(await guardian.textContent('#precheck-result')).not.toMatch(/温岭|\d{3} [§#]/)
    expect(await guardian.textContent('#precheck-advisory')).toContain('不是审批结果')
    await expectAccessible(guardian, 'pre-check with result')
    // Family screens never label the child.
    expect(await guardian.textContent('body')).not.toMatch(/困境|留守/)
  })

  it('applies with a photo of the imprisonment paper; the status page shows the village holding it', async () => {
    await guardian.click('#match-apply-fact_unsupported')
    await guardian.locator('#apply-category:visible').waitFor()
    await guardian.fill('#apply-child-name input', childName)
    await guardian.fill('#apply-child-id input', childIdNumber)
    await guardian.fill('#apply-guardian-name input', '王大姐')
    await guardian.fill('#apply-guardian-phone input', '13912345678')
    await guardian.click('#apply-relation-mother')
    await guardian.fill('#apply-bank-name input', '泗县农商银行')
    await guardian.fill('#apply-account-name input', '王大姐')
    await guardian.fill('#apply-account-number input', account)

    await choosePhoto(guardian, '#doc-upload-imprisonment_proof')
    // An upload is a ticket request and a PUT to s3rver: on the shared 2-core machine under load it
    // takes longer than expect.poll's default second.
    await expect.poll(() => guardian.textContent('#doc-status-imprisonment_proof:visible'), { timeout: 15_000 }).toBe('已上传 1 张')
    await guardian.click('#apply-consent')
    await expectAccessible(guardian, 'application form, filled in')
    await guardian.click('#apply-submit')

    await expect.poll(() => stateOf(guardian, '#app-state')).toBe('submitted')
    applicationId = new URL(guardian.url().replace('#/', '')).searchParams.get('id') ?? ''
    expect(applicationId).toMatch(/^[0-9A-Z]{22}$/)
    expect(await guardian.textContent('#app-holder:visible')).toBe('丁湖村委会')
    expect(await guardian.getAttribute('#app-days:visible', 'data-target')).toBe('5')
    // Bank account and ID number are masked once entered.
    expect(await guardian.textContent('#app-bank:visible')).toContain('**** 1234')
    expect(await guardian.textContent('#app-child-id:visible')).toBe(`341***********${childIdNumber.slice(-4)}`)
    expect(await guardian.textContent('body')).not.toContain(account)
    await expectAccessible(guardian, 'application status')
  })

  it('the village director finds it in the 补贴申请 queue and records the home visit', async () => {
    const page = await staffPage('dinghu')
    await page.click('#today-applications:visible')
    await page.locator(`#app-item-${applicationId}:visible`).click()
    await page.locator('#sapp-state:visible').waitFor()
    // The photo is shown to staff through a short-lived link.
    await expect.poll(() => page.locator('#sapp-documents img').count()).toBe(1)
    await page.click('#toggle-village_check:visible')
    await expectAccessible(page, 'staff application, home-visit panel open')
    await page.click('#toggle-village_check:visible')
    await takeStep(page, 'village_check', () => page.fill('#step-village_check-note textarea', '已入户，父亲服刑，母亲重度残疾，情况属实'))
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('village_checked')
  })

  it('the township accepts it, then asks for the guardian\'s ID card', async () => {
    const page = await staffPage('dinghu-town')
    await openApplication(page, applicationId, 1)
    await takeStep(page, 'accept')
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('accepted')
    await takeStep(page, 'send_back', async () => {
      await page.click('#step-send_back-kind-guardian_id:visible')
      await page.fill('#step-send_back-note textarea', '请补交监护人身份证正反面照片')
    })
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('needs_documents')
  })

  it('the guardian sees exactly which paper is missing, supplies it, and the application resumes at the township', async () => {
    await guardian.bringToFront()
    await guardian.click('#app-refresh:visible')
    await expect.poll(() => stateOf(guardian, '#app-state')).toBe('needs_documents')
    expect(await guardian.textContent('#missing-guardian_id:visible')).toContain('监护人身份证')
    expect(await guardian.textContent('#app-missing-message:visible')).toBe('请补交监护人身份证正反面照片')
    expect(await guardian.textContent('#app-holder:visible')).toBe('申请人（您）')
    await expectAccessible(guardian, 'application status, papers missing')

    await choosePhoto(guardian, '#missing-upload-guardian_id')
    await expect.poll(() => guardian.textContent('#missing-status-guardian_id:visible'), { timeout: 15_000 }).toBe('已上传 1 张')
    await guardian.click('#supply-submit:visible')
    await expect.poll(() => stateOf(guardian, '#app-state')).toBe('accepted')
    expect(await guardian.textContent('#app-holder:visible')).toBe('丁湖镇人民政府')
  })

  it('the township reviews it and starts the public notice, which shows the name and ID masked; it ends on its own', async () => {
    const page = await staffPage('dinghu-town')
    await openApplication(page, applicationId, 2)
    await takeStep(page, 'review', () => page.fill('#step-review-note textarea', '补正后材料齐全，情况属实'))
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('reviewed')

    // A neighbour has 村里的公示 open on 丁湖村 from the home page, before the notice starts.
    const board = await newPage()
    await board.goto(appUrl)
    await board.click('#notices-start')
    await board.click('#dev-account-caregiver')
    for (const code of ['340000000000', '341300000000', '341324000000', '341324102000', '341324102200']) {
      await board.click(`#notices-village-row-${code}:visible`)
    }
    await board.locator('#notices-refresh:visible:not([aria-disabled="true"])').waitFor()
    expect(await board.locator(`#notices-list:visible >> text=${childName[0]}**`).count()).toBe(0)

    // The longest notice the policy allows: 30 days (9 s in this stack, a day is 300 ms).
    await takeStep(page, 'start_notice', () => page.fill('#step-start_notice-days input', '30'))
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('public_notice')
    const notice = (await page.textContent('#sapp-notice-text:visible'))!
    expect(notice).toContain(`${childName[0]}**`)
    expect(notice).not.toContain(childName)
    expect(notice).not.toContain(childIdNumber)
    expect(notice).not.toMatch(/低保|困境|留守/)

    // The board shows it, masked as the staff page shows it, with where to object.
    await board.bringToFront()
    await board.click('#notices-refresh:visible')
    const posted = board.locator('#notices-list:visible .item', { hasText: `${childName[0]}**` })
    await posted.waitFor({ timeout: 8_000 })
    const posting = (await posted.textContent())!
    expect(posting).toContain('丁湖村')
    expect(posting).toContain('儿童基本生活补贴')
    expect(posting).toContain('如有异议')
    expect(posting).not.toContain(childName)
    expect(posting).not.toContain(childIdNumber)
    expect(posting).not.toMatch(/低保|困境|留守/)
    await expectAccessible(board, 'the village notice board')

    // The notice runs its days (shortened in this stack) and the schedule moves it to the county.
    await guardian.bringToFront()
    await expect
      .poll(
        async () => {
          await guardian.click('#app-refresh:visible')
          return stateOf(guardian, '#app-state')
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe('awaiting_approval')
  })

  it('the county approves it and sets the first month of payment', async () => {
    const page = await staffPage('sixian')
    await openApplication(page, applicationId, 3)
    await takeStep(page, 'approve')
    await page.click('#toggle-start_payment:visible')
    await expectAccessible(page, 'staff application, payment panel open')
    await page.click('#toggle-start_payment:visible')
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('approved')
    await takeStep(page, 'start_payment')
    await expect.poll(() => stateOf(page, '#sapp-state')).toBe('paying')
    // The decision box marks a placeholder-standard amount exactly as the record below it does.
    expect(await page.textContent('#sapp-decision:visible')).toContain('已批准，每月 1,000 元（演示金额）')
    expect(await page.textContent('#sapp-events:visible')).toContain('批准，每月 1,000 元（演示金额）')
  })

  it("the guardian's status page shows each step with its office and days", async () => {
    await guardian.bringToFront()
    await guardian.click('#app-refresh:visible')
    await expect.poll(() => stateOf(guardian, '#app-state')).toBe('paying')
    expect(await guardian.textContent('#app-decision:visible')).toContain('每月 1,000 元（演示金额）')

    const entries = guardian.locator('#app-timeline:visible [id^="timeline-"][id$="-office"]')
    const offices = await entries.allTextContents()
    const titles = await guardian.locator('#app-timeline:visible .event .label').allTextContents()
    expect(titles).toEqual(['提交申请', '村里上门核实', '乡镇受理', '需要补充材料', '补交材料', '乡镇审核通过', '开始公示', '公示期满', '县民政局批准', '开始发放'])
    expect(offices).toEqual([
      '申请人（您）',
      '丁湖村委会',
      '丁湖镇人民政府',
      '丁湖镇人民政府',
      '申请人（您）',
      '丁湖镇人民政府',
      '丁湖镇人民政府',
      '丁湖镇人民政府',
      '泗县民政局',
      '泗县民政局',
    ])
    // Every step that moved the application shows the days it then spent there.
    const days = await guardian.locator('#app-timeline:visible [id$="-days"]').allTextContents()
    expect(days).toHaveLength(10)
    for (const d of days) expect(d).toMatch(/用时 \d+ 天/)
    const dates = await guardian.locator('#app-timeline:visible [id$="-date"]').allTextContents()
    for (const d of dates) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // Offices only: no staff member's name on the family's screen.
    expect(await guardian.textContent('body')).not.toMatch(/李主任|陈督导|周科长/)
  })
})
