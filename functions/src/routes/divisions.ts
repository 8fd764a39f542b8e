import { Hono } from 'hono'
import { DivisionCode, ROOT_DIVISION } from '@shouhu/shared'
import { childrenOf, pathTo } from '../data/divisions'
import { HttpError } from '../errors'

/** The picker asks one level at a time; division data never ships inside the mini-app. */
export const divisionRoutes = new Hono()
  .get('/', async (c) => {
    const parent = c.req.query('parent') ?? ROOT_DIVISION
    if (!DivisionCode.safeParse(parent).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'parent', code: 'invalid_format', message: '上级区划：代码应为 12 位数字' }])
    }
    c.header('cache-control', 'public, max-age=86400')
    return c.json({ items: await childrenOf(parent) })
  })
  .get('/:code/path', async (c) => {
    const code = c.req.param('code')
    if (!DivisionCode.safeParse(code).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'code', code: 'invalid_format', message: '区划代码应为 12 位数字' }])
    }
    return c.json({ items: await pathTo(code) })
  })
