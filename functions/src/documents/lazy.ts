import type { Entrustment } from '@shouhu/shared'

/**
 * The entrustment letter needs pdfkit, fontkit and brotli (≈ 0.8 MB of the API bundle): they
 * are loaded on the first letter request, not evaluated on every Lambda cold start.
 */
export async function entrustmentLetterResponse(e: Entrustment): Promise<Response> {
  return (await import('./entrustment-letter')).letterResponse(e)
}
