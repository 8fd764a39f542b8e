import { type Entrustment, entrustmentInForce } from '@shouhu/shared'
import { HttpError } from '../errors'

/**
 * Whether a letter may be given out: only while the arrangement it describes is true — the
 * caregiver it names has accepted and the arrangement is in force (accepted, visit scheduled,
 * verified). Before acceptance it would name someone who has not agreed; after the village found
 * the caregiver unfit, or after it ended, it would name someone no longer entrusted.
 */
export function letterAvailable(e: Pick<Entrustment, 'status' | 'caregiver'>): boolean {
  return entrustmentInForce(e.status) && !!e.caregiver.userId
}

export const letterUnavailableMessage = '委托照护书只在照护人已经接受、委托有效期间提供'

/**
 * The entrustment letter needs pdfkit, fontkit and brotli (≈ 0.8 MB of the API bundle): they
 * are loaded on the first letter request, not evaluated on every Lambda cold start. A letter
 * that would not be true is refused (409) before anything is loaded.
 */
export async function entrustmentLetterResponse(e: Entrustment): Promise<Response> {
  if (!letterAvailable(e)) throw new HttpError('INVALID_TRANSITION', letterUnavailableMessage)
  return (await import('./entrustment-letter')).letterResponse(e)
}
