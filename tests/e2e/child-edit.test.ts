import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'
import { api, staffToken, type Json } from '../support/stack-api'

/**
 * Correcting a child's file (修改基本信息), on the H5 build against the local stack: the
 * director opens the form from the file, finds it filled in — phones shown masked and kept when
 * left empty, the parent's workplace still chosen — saves one correction, and sees it on the
 * timeline. A correction made on a file someone changed meanwhile is refused, and the form shows
 * the file as it is now. While the file is read the form says so; a read that fails is shown in
 * its place with a way to read again; a stored phone no longer in use is ticked for deletion.
 * axe on the form and on the failed read.
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

const tag = String(Date.now()).slice(-5)
const enrolBody = {
  name: `改${tag}`,
  sex: 'male',
  birthDate: '2014-05-05',
  householdRegistration: 'rural',
  villageCode: '341324102200',
  schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '三年级' },
  parents: [
    { relation: 'father', name: '改大山', phone: '13912345678', situation: 'working_away', workplaceCode: '310101000000', awaySince: '2024-01-01' },
    { relation: 'mother', situation: 'at_home' },
  ],
  caregiver: { name: '改奶奶', relationship: 'paternal_grandparent', phone: '13700001111', livesWithChild: true },
}

let token: string
let file: Json

const stored = async () => (await api('GET', `/staff/children/${file.id}`, { token })).body as Json

beforeAll(async () => {
  token = await staffToken('dinghu')
  const res = await api('POST', '/staff/children', { token, key: randomUUID(), body: enrolBody })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  file = res.body
})

describe('修改基本信息', () => {
  let page: Page

  it('opens from the file filled in, phones masked; a saved correction keeps them and shows on the timeline', async () => {
    page = await newPage()
    await staffSignIn(page, appUrl, 'dinghu')
    await page.goto(`${appUrl}#/casework/child/index?id=${file.id}`)
    await expect.poll(() => page.textContent('#child-name:visible')).toBe(file.name)
    await page.click('#child-act-edit:visible')
    await expect.poll(() => page.inputValue('#enrol-name input'), { timeout: 20_000 }).toBe(file.name)
    expect(await page.inputValue('#enrol-grade input')).toBe('三年级')
    expect(await page.textContent('#enrol-village:visible')).toContain('丁湖村')
    await expect.poll(() => page.textContent('#enrol-parent-0-work-path:visible'), { timeout: 20_000 }).toContain('上海')
    const text = (await page.textContent('.taro_page:not([style*="display: none"])')) ?? ''
    expect(text).toContain('139****5678')
    expect(text).toContain('137****1111')
    expect(text).not.toContain('13912345678')
    expect(await page.inputValue('#enrol-caregiver-phone input')).toBe('')
    await expectAccessible(page, 'the correction form')

    await page.fill('#enrol-grade input', '四年级')
    await page.click('#enrol-submit:visible')
    await expect.poll(() => page.textContent('#child-timeline:visible'), { timeout: 20_000 }).toContain('更新了基本信息')
    const after = await stored()
    expect(after.schooling.grade).toBe('四年级')
    expect(after.caregiver.phone).toBe('137****1111')
    expect(after.parents.find((p: Json) => p.relation === 'father')).toMatchObject({ phone: '139****5678', workplaceCode: '310101000000' })
  }, 120_000)

  it('refuses a correction made on a file changed meanwhile, and shows the file as it is now', async () => {
    await page.click('#child-act-edit:visible')
    await expect.poll(() => page.inputValue('#enrol-grade input'), { timeout: 20_000 }).toBe('四年级')
    // The township renames the child while the director is typing.
    const current = await stored()
    const renamed = await api('POST', `/staff/children/${file.id}/update`, {
      token: await staffToken('dinghu-town'),
      body: { ...enrolBody, name: `改名${tag}`, schooling: { ...enrolBody.schooling, grade: '四年级' }, parents: enrolBody.parents.map(({ phone: _p, ...p }) => p), caregiver: { ...enrolBody.caregiver, phone: undefined }, version: current.version },
    })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)

    await page.fill('#enrol-note textarea', '奶奶腿脚不便，接送孩子有困难')
    await page.click('#enrol-submit:visible')
    await expect.poll(() => page.textContent('#enrol-error:visible'), { timeout: 20_000 }).toContain('档案刚被别人修改过')
    expect(await page.inputValue('#enrol-name input')).toBe(`改名${tag}`)
    expect((await stored()).note).toBeUndefined()
    await expectAccessible(page, 'the correction form after a refusal')

    // Made again on the file as it is now, it is kept beside the township's name.
    await page.fill('#enrol-note textarea', '奶奶腿脚不便，接送孩子有困难')
    await page.click('#enrol-submit:visible')
    await expect.poll(() => page.textContent('#child-name:visible'), { timeout: 20_000 }).toBe(`改名${tag}`)
    expect((await stored()).note).toBe('奶奶腿脚不便，接送孩子有困难')
  }, 120_000)

  it('says it is reading the file, shows a failed read where the form would be, and reads again on request', async () => {
    const edit = await newPage()
    await staffSignIn(edit, appUrl, 'dinghu')
    // The file's read is held, then dropped as on a weak signal.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await edit.route(`**/api/staff/children/${file.id}`, async (route) => {
      await held
      await route.abort('internetdisconnected')
    })
    await edit.goto(`${appUrl}#/casework/enrol/index?id=${file.id}`)
    await expect.poll(() => edit.textContent('.taro_page:not([style*="display: none"])'), { timeout: 20_000 }).toContain('正在读取档案')
    expect(await edit.locator('#enrol-submit').count()).toBe(0)
    release()
    await expect.poll(() => edit.textContent('#enrol-load-error:visible'), { timeout: 20_000 }).toContain('网络不太好')
    await expectAccessible(edit, 'the correction form when the file cannot be read')

    await edit.unroute(`**/api/staff/children/${file.id}`)
    await edit.click('#enrol-load-retry:visible')
    await expect.poll(() => edit.inputValue('#enrol-name input'), { timeout: 20_000 }).toBe(`改名${tag}`)
    expect(await edit.locator('#enrol-load-error').count()).toBe(0)

    // The grandmother's old phone is no longer hers: ticked for deletion, typing a new one un-ticks it.
    await edit.click('#enrol-caregiver-phone-remove:visible')
    expect(await edit.getAttribute('#enrol-caregiver-phone-remove', 'aria-checked')).toBe('true')
    expect(await edit.textContent('.taro_page:not([style*="display: none"])')).toContain('已登记的 137****1111 保存后删除')
    await edit.fill('#enrol-caregiver-phone input', '1')
    expect(await edit.getAttribute('#enrol-caregiver-phone-remove', 'aria-checked')).toBe('false')
    await edit.click('#enrol-caregiver-phone-remove:visible')
    expect(await edit.inputValue('#enrol-caregiver-phone input')).toBe('')
    await edit.click('#enrol-submit:visible')
    await expect.poll(() => edit.textContent('#child-timeline:visible'), { timeout: 20_000 }).toContain('更新了基本信息')
    const after = await stored()
    expect(after.caregiver).toMatchObject({ name: '改奶奶' })
    expect(after.caregiver.phone).toBeUndefined()
    expect(after.parents.find((p: Json) => p.relation === 'father').phone).toBe('139****5678')
  }, 120_000)
})
