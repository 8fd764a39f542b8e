import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, staffSignIn, usePhoneBrowser } from '../support/browser'

/**
 * Staff administration on the H5 build (issue #10): the county officer creates a village
 * director, who signs in with the temporary password, must set their own and then sees their
 * village; the officer deactivates the account (through the page's 「停用」 confirmation dialog)
 * and the director's open session is refused within a minute (the test stack checks accounts every 2 s; production every 30 s, ≤ 60 s).
 * The account page shows what was done to the account, when and by whom (变更记录).
 */
const appUrl = inject('appUrl')
const { newPage } = usePhoneBrowser()

let officer: Page
let director: Page
let temporaryPassword = ''
const username = `e2e-${Date.now().toString(36)}`

describe('a county officer runs the county\'s accounts', () => {
  it('the officer creates a village director for 丁湖村 and is shown the temporary password once', async () => {
    officer = await newPage()
    // Sign-in hashes passwords (scrypt) on a shared two-core machine: allow for a slow answer.
    officer.setDefaultTimeout(45_000)
    await staffSignIn(officer, appUrl, 'sixian')
    await officer.click('#inbox-admin:visible')
    await officer.locator('#admin-row-dinghu:visible').waitFor()
    await officer.click('#admin-create:visible')
    await officer.fill('#admin-username input', 'Bad Name!')
    await officer.fill('#admin-name input', '钱主任')
    // No role yet: asked for by name, never 「不是可选的内容」.
    await officer.click('#admin-submit')
    await expect.poll(() => officer.textContent('#error-admin-role')).toBe('请选择岗位')
    // A bad name and no place, tapped at the bottom of the page: the first mistake is brought on
    // screen and focused, and each message says which field (and which list) it is about.
    await officer.click('#admin-role-village_director')
    await expect.poll(() => officer.locator('#error-admin-role').count()).toBe(0)
    await officer.locator('#area-341324102000').waitFor()
    await officer.click('#admin-submit')
    await expect.poll(() => officer.textContent('#error-admin-division')).toBe('请选择所在的村（社区）')
    expect(await officer.textContent('#error-admin-username')).toMatch(/^账号用 3 到 32 个/)
    await expect.poll(() => officer.evaluate(() => document.activeElement?.closest('#admin-username') !== null)).toBe(true)
    const shown = await officer.evaluate(() => {
      const r = document.getElementById('error-admin-username')!.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= window.innerHeight
    })
    expect(shown).toBe(true)
    await officer.fill('#admin-username input', username)
    await expect.poll(() => officer.locator('#error-admin-username').count()).toBe(0)
    await officer.click('#area-341324102000')
    await officer.click('#area-341324102200')
    await expect.poll(() => officer.textContent('#area-path')).toContain('丁湖镇 / 丁湖村')
    await officer.click('#admin-submit')
    temporaryPassword = (await officer.locator('#admin-temp-password').textContent())!.trim()
    expect(temporaryPassword).toMatch(/^[a-z0-9]{10}$/)
  })

  it('the director signs in, must change the temporary password, and then sees their village', async () => {
    director = await newPage()
    director.setDefaultTimeout(45_000)
    await director.goto(`${appUrl}#/staff/login/index`)
    await director.fill('#staff-username input', username)
    await director.fill('#staff-password input', temporaryPassword)
    await director.click('#staff-login-submit')
    await director.locator('#password-temporary').waitFor()
    // Too short: said in plain words, nothing changes.
    await director.fill('#password-current input', temporaryPassword)
    await director.fill('#password-new input', 'abc')
    await director.fill('#password-repeat input', 'abc')
    await director.click('#password-submit')
    await expect.poll(() => director.textContent('#error-password-new')).toContain('至少 8 位')
    await director.fill('#password-new input', 'dinghu2026')
    await director.fill('#password-repeat input', 'dinghu2026')
    await director.click('#password-submit')
    await director.locator('#staff-name:visible').waitFor()
    expect(await director.textContent('#staff-name:visible')).toContain('钱主任')
    expect(await director.locator('.head-bar:visible').textContent()).toContain('丁湖村')
    // A village director administers nobody: no entry to account management.
    expect(await director.locator('#inbox-admin:visible').count()).toBe(0)
  })

  it('the officer deactivates the account through the 「停用」 dialog and the director\'s open session is refused within a minute', async () => {
    // From the created account back to the list, then the director's own account page.
    await officer.click('#admin-back:visible')
    await officer.click(`#admin-row-${username}:visible`)
    await expect.poll(() => officer.textContent('#admin-account-status:visible')).toContain('使用中')

    // 「停用账号」 asks first; 「取消」 changes nothing.
    await officer.click('#admin-toggle:visible')
    // Taro's H5 modal: a zero-size root holding a fixed mask and the dialog box.
    const dialog = officer.locator('.taro__modal .taro-modal__content')
    await dialog.waitFor()
    expect(await dialog.locator('.taro-modal__title').textContent()).toBe('停用账号')
    expect(await dialog.locator('.taro-modal__text').textContent()).toContain('停用后 钱主任 将无法登录')
    await dialog.locator('.taro-model__cancel').click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await officer.textContent('#admin-account-status:visible')).toContain('使用中')

    // Again, and this time 「停用」.
    await officer.click('#admin-toggle:visible')
    await dialog.waitFor()
    expect(await dialog.locator('.taro-model__confirm').textContent()).toBe('停用')
    await dialog.locator('.taro-model__confirm').click()
    await expect.poll(() => officer.textContent('#admin-done:visible')).toContain('账号已停用')
    expect(await officer.textContent('#admin-account-status:visible')).toContain('已停用')
    const deactivatedAt = Date.now()
    // The account's 变更记录 under it, newest first: what was done, when, by whom.
    const history = officer.locator('#admin-history:visible .row-block')
    await expect.poll(() => history.count()).toBe(3)
    const lines = await history.allTextContents()
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · 停用账号.*办理人：周科长$/)
    expect(lines[1]).toMatch(/修改密码.*办理人：钱主任$/)
    expect(lines[2]).toMatch(/创建账号.*办理人：周科长$/)
    expect(await officer.textContent('#admin-history-more-end:visible')).toBe('共 3 条，已全部显示')
    await expectAccessible(officer, 'an account with its 变更记录')

    // The director keeps working on the open page; the next request is refused and they land on sign-in.
    await expect
      .poll(
        async () => {
          // A director lands on today's visits; either page's refresh asks the API again.
          for (const refresh of ['#inbox-refresh:visible', '#today-refresh:visible']) {
            if (await director.locator(refresh).count()) await director.click(refresh)
          }
          return director.locator('#staff-login-submit:visible').count()
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBe(1)
    expect(Date.now() - deactivatedAt).toBeLessThan(60_000)

    await director.fill('#staff-username input', username)
    await director.fill('#staff-password input', 'dinghu2026')
    await director.click('#staff-login-submit')
    await expect.poll(() => director.textContent('#staff-login-error'), { timeout: 30_000 }).toContain('此账号已停用')
  }, 150_000)
})
