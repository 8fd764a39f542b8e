import { type ChildRecord, type ReopenChild, type SessionUser, chinaToday, closureReasons, fullYears, levelOf } from '@shouhu/shared'
import { idempotencyItem, idempotencyRecord, saveChild } from '../data/children'
import { HttpError } from '../errors'
import { optionalIdempotencyKey } from '../idempotency-key'
import { sha256 } from '../ids'
import { log } from '../log'
import { childClock } from './child-clock'
import { loadChild, ownOrDeny } from './child-moves'
import { age16At, deriveChild, entry } from './children'

/**
 * 恢复建档: a closed file (结档, shared/src/policy/closure.ts) goes back on its village's lists
 * and visit cadence — it was closed by mistake, or the child came back to live here. The
 * ledger is kept 「动态管理」 (002 §4(三)) and 「动态更新」 (004 #8): it follows the children the
 * area really has, both ways.
 *
 * The closing's own record stays on the file's history; reopening adds who, when and why.
 * Everything closing took away comes back as for any open file (workflows/child-moves.ts
 * `closeChild`, data/children.ts `childItem`): the list rows and the due timer (the item is
 * written as an open file again), the duplicate suggestions, the overview's counts (the stream
 * counter reads the file), and the 16th-birthday timer while that birthday is still ahead. A
 * grade that was waiting for the township when the file was closed is not restored: its
 * queue item was removed with the closing and the director regrades after a visit.
 */

type Staff = Pick<SessionUser, 'id' | 'role' | 'displayName' | 'divisionCode'>

/**
 * Reopens a closed file. With an Idempotency-Key (the mini-app sends one per opened dialog) a
 * retried request — a second tap, an answer lost on a weak network — answers with the file
 * as it now is and writes nothing more; the same key with another reason is refused
 * (IDEMPOTENCY_MISMATCH). Without one, the version check refuses the repeat (CONFLICT), so a
 * retry never writes a second history line either.
 */
export async function reopenChild(id: string, input: ReopenChild, user: Staff, idempotencyKey?: string, now = new Date()): Promise<ChildRecord> {
  optionalIdempotencyKey(idempotencyKey)
  const c = await loadChild(id)
  // The same jurisdiction as closing: the file's village and the township and county over it.
  ownOrDeny(user, c.villageCode, id)
  // Scoped to the person and the file: a key cannot replay someone else's decision.
  const idem = idempotencyKey ? { keyHash: sha256(`child-reopen:${user.id}:${id}:${idempotencyKey}`), bodyHash: sha256(JSON.stringify([input.reason, input.version])) } : undefined
  const replay = async (): Promise<ChildRecord | undefined> => {
    if (!idem) return undefined
    const prev = await idempotencyRecord(idem.keyHash)
    if (!prev) return undefined
    if (prev.bodyHash !== idem.bodyHash) throw new HttpError('IDEMPOTENCY_MISMATCH')
    return loadChild(id)
  }
  const done = await replay()
  if (done) return done

  if (c.mergedInto) throw new HttpError('CONFLICT', '这份档案已合并到另一份档案，请打开合并后的档案')
  if (c.version !== input.version) throw new HttpError('CONFLICT', '这份档案刚被其他人修改过，请刷新后再试')
  const closed = c.closed
  if (!closed) throw new HttpError('CONFLICT', '这份档案没有结档，不需要恢复')
  // The child has a file again in the county they moved to, which holds the ID number now: two live files for one child would split the duty of care.
  if (closed.foundIn) {
    throw new HttpError('CONFLICT', `孩子已在${closed.foundIn.countyName}建档关爱，这份档案不能在本县恢复。孩子如果又搬回本县，请${closed.foundIn.countyName}结档并告知本县，再在本县重新建档。`)
  }
  const rule = closureReasons[closed.reason]
  // See closure.ts `reopenFrom`: a death notice found wrong is checked and undone by the township or county.
  if (rule.reopenFrom === 'township' && (!user.divisionCode || levelOf(user.divisionCode) === 'village')) {
    log.warn('village director refused reopening a file closed for death', { userId: user.id, childId: c.id })
    throw new HttpError('FORBIDDEN', '因孩子去世结档的档案，村里不能自行恢复。如果去世的消息有误，请联系乡镇儿童督导员核实后恢复建档。')
  }
  const today = chinaToday(now)
  // Closed at 18 by the birth date on file: reopening is only for a wrong birth date, corrected first.
  if (closed.reason === 'turned_18' && fullYears(c.birthDate, today) >= 18) {
    const message = `按档案登记的出生日期（${c.birthDate}），孩子已满 18 周岁，不能恢复建档。如果出生日期登记错了，请先更正出生日期，再恢复建档。`
    throw new HttpError('VALIDATION_FAILED', message, [{ field: 'reason', code: 'still_18', message }])
  }

  const next: ChildRecord = { ...c }
  delete next.closed
  const at = now.toISOString()
  const { child, row } = deriveChild({ ...next, updatedAt: at }, now)
  const sixteen = age16At(c.birthDate)
  const text = `${user.displayName}恢复建档：${input.reason}（原结档原因：${closed.reasonLabel}，${closed.effectiveOn}，${closed.closedBy.name}结档）`
  const out = await saveChild(c, child, row, childClock().graceMs, {
    ...(idem ? { ifAbsent: [idempotencyItem(idem, c.id, { version: c.version + 1 })] } : {}),
    age16At: sixteen > at ? sixteen : null,
    events: [
      entry(now, { id: user.id, role: user.role, displayName: user.displayName }, {
        kind: 'reopened',
        text,
        detail: { reason: input.reason, closedReason: closed.reason, closedEffectiveOn: closed.effectiveOn, closedAt: closed.closedAt, closedBy: closed.closedBy.name },
      }),
    ],
  })
  if (out !== 'saved') {
    // A concurrent retry of the same decision got there first: answer as it did.
    const again = await replay()
    if (again) return again
    throw new HttpError('CONFLICT', '这份档案刚被其他人修改过，请刷新后再试')
  }
  log.info('child file reopened', { userId: user.id, childId: c.id, closedReason: closed.reason })
  return { ...child, version: c.version + 1 }
}
