/**
 * Staff timelines record every view of a reporter's or caregiver's contact (003 §3(一): the
 * reporter's identity is confidential, so each look is audited). One visit to a page can record
 * several views (the page opening, the answer to an action, the reveal); shown one per line they
 * bury the real work and read like an accusation. On screen they become one plain line per
 * person and visit: 「查看了联系方式，已记录」 (the stored audit keeps every entry).
 */
export interface TimelineEvent {
  at: string
  kind: string
  actorId?: string
  actorName?: string
  text?: string
}

/** Contact views of the same person within this many minutes count as one look. */
const LOOK_MINUTES = 30

export function collapseContactViews<E extends TimelineEvent>(events: readonly E[]): E[] {
  const out: E[] = []
  for (const ev of events) {
    if (ev.kind !== 'contact_viewed') {
      out.push(ev)
      continue
    }
    const plain = { ...ev, text: '查看了联系方式，已记录' }
    const previous = [...out].reverse().find((e) => e.kind === 'contact_viewed' && e.actorId === ev.actorId)
    const sameLook = previous && Date.parse(ev.at) - Date.parse(previous.at) <= LOOK_MINUTES * 60_000
    if (!sameLook) out.push(plain)
  }
  return out
}
