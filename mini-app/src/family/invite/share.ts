import { routes } from '../../routes'

/**
 * The caregiver invitation as a WeChat share card. Without an `imageUrl` WeChat uses a screenshot
 * of the page — the parent's entrustment page, with the children's names, birth dates, school and
 * the caregiver's ID number — so the card always carries its own picture (a heart, no person and
 * no text) and a fixed title with no name in it: a card can be forwarded on to anyone.
 */
export const invitationShareTitle = '请您帮忙照护孩子，点开看看邀请'
/** Copied into the `family` subpackage by the weapp build (mini-app/config/index.ts). */
export const invitationShareImage = '/family/assets/invite-share.png'

export interface ShareCard {
  title: string
  path: string
  imageUrl: string
}

/** WeChat's onShareAppMessage result: a card now and, optionally, a better one within 3 s. */
export interface ShareAppMessage extends ShareCard {
  promise?: Promise<ShareCard>
}

/** The card for one invitation code (or, without a code, the page where the caregiver types it). */
export function invitationShare(code?: string): ShareCard {
  return { title: invitationShareTitle, path: routes.familyInvite(code?.trim() ?? ''), imageUrl: invitationShareImage }
}

/**
 * What the page returns from useShareAppMessage. Before the page has loaded, the code the page
 * was opened with (its router params: the registration form passes it), so a parent who taps
 * share at once still sends it; without one, WeChat waits for the load (the `promise` field,
 * base library 2.12+) instead of sending a card without a code. Once loaded, the view's code
 * wins: choosing another caregiver issues a new code and the old one stops working.
 *
 * @param opts.loadedCode `undefined` while not loaded; `''` when loaded with no open invitation.
 */
export function invitationShareMessage(opts: { routeCode?: string; loadedCode?: string; loading?: Promise<string | undefined> }): ShareAppMessage {
  const code = opts.loadedCode !== undefined ? opts.loadedCode.trim() : opts.routeCode?.trim()
  const card = invitationShare(code)
  if (code || opts.loadedCode !== undefined || !opts.loading) return card
  return { ...card, promise: opts.loading.then((c) => invitationShare(c)).catch(() => card) }
}
