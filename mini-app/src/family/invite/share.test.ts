import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { invitationShare, invitationShareImage, invitationShareMessage, invitationShareTitle } from './share'

const code = 'K7QM-3XPT'

describe('the caregiver invitation share card', () => {
  it('opens the invitation page with the code, under its own title and image', () => {
    expect(invitationShare(code)).toEqual({ title: invitationShareTitle, path: '/family/invite/index?code=K7QM-3XPT', imageUrl: '/family/assets/invite-share.png' })
  })

  it('carries the code from the page’s router params before anything has loaded (no promise to wait for)', () => {
    const card = invitationShareMessage({ routeCode: code })
    expect(card.path).toBe('/family/invite/index?code=K7QM-3XPT')
    expect(card.promise).toBeUndefined()
    // The route code wins even over a loading view: it is the invitation this page was opened for.
    expect(invitationShareMessage({ routeCode: code, loading: new Promise(() => undefined) }).path).toContain('code=K7QM-3XPT')
  })

  it('once loaded, the view’s code wins: another caregiver chosen means a new code, the old one is dead', () => {
    expect(invitationShareMessage({ routeCode: 'OLD1-CODE', loadedCode: code }).path).toBe('/family/invite/index?code=K7QM-3XPT')
    // Accepted or ended: no open invitation, so no stale code from the route either.
    expect(invitationShareMessage({ routeCode: 'OLD1-CODE', loadedCode: '' }).path).toBe('/family/invite/index')
  })

  it('without a code in the route, uses the loaded code, or has WeChat wait for the load', async () => {
    expect(invitationShareMessage({ loadedCode: code }).path).toContain('code=K7QM-3XPT')
    const waiting = invitationShareMessage({ loading: Promise.resolve(code) })
    expect(waiting.path).toBe('/family/invite/index')
    expect((await waiting.promise)?.path).toBe('/family/invite/index?code=K7QM-3XPT')
    // A failed load still gives a card (the caregiver can type the code the parent reads out).
    const failed = invitationShareMessage({ loading: Promise.reject(new Error('offline')) })
    expect((await failed.promise)?.path).toBe('/family/invite/index')
  })

  it('never shows the child: a fixed title with no name, and a picture with no person or text in it', () => {
    for (const c of [invitationShareMessage({ routeCode: code }), invitationShare()]) {
      expect(c.title).toBe(invitationShareTitle)
      expect(Object.keys(c).sort()).toEqual(['imageUrl', 'path', 'title'])
    }
    expect(invitationShareTitle).not.toMatch(/留守|困境|[红黄绿]色/)
    // The image is a real 5:4 PNG (WeChat's share-card ratio), small, shipped in the family subpackage.
    const png = readFileSync(new URL('../../assets/invite-share.png', import.meta.url))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([500, 400])
    expect(png.length).toBeLessThan(20_000)
    expect(invitationShareImage.startsWith('/family/')).toBe(true)
  })

  it('an odd code is encoded, never breaking the path', () => {
    expect(invitationShare(' a&b=c ').path).toBe('/family/invite/index?code=a%26b%3Dc')
  })
})
