import type { Context } from 'hono'
import { HttpError } from '../errors'

/** `?limit=&cursor=` of a paged list, checked: 1 to 100 rows a page. */
export function pageParams(c: Context, defaultLimit = 50): { limit: number; cursor?: string } {
  const limit = Number(c.req.query('limit') ?? defaultLimit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'limit', code: 'invalid_value', message: '每页条数：1 到 100' }])
  }
  const cursor = c.req.query('cursor') || undefined
  // Cursors we hand out are a few hundred characters; a longer one never reaches a table read.
  if (cursor && cursor.length > 2000) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'cursor', code: 'invalid_cursor', message: '翻页标记无效，请从第一页重新查看' }])
  return { limit, cursor }
}

/** Runs a paged read; a cursor from another list (or edited by hand) is a clean 400, not a 500. */
export async function withCursor<T>(cursor: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (e) {
    if (cursor && (e instanceof SyntaxError || e instanceof CursorError || (e as Error).name === 'ValidationException')) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'cursor', code: 'invalid_cursor', message: '翻页标记无效，请从第一页重新查看' }])
    }
    throw e
  }
}

/** Thrown by a data reader when a cursor does not belong to its list. */
export class CursorError extends Error {}
