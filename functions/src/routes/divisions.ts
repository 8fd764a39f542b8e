import { DivisionCode, DivisionList, ROOT_DIVISION } from '@shouhu/shared'
import { childrenOf, pathTo } from '../data/divisions'
import { HttpError } from '../errors'
import { errors, json, pathParams, query, route, routes } from '../contract'

/** The picker asks one level at a time; division data never ships inside the mini-app. */
export const divisionRoutes = routes()
  .openapi(route({ method: 'get', path: '/', summary: '下一级行政区划', tags: ['行政区划'], security: [],
    request: { query: query({ parent: '上级区划代码（12 位），省略时为全国' }) },
    responses: { 200: json(DivisionList, '下一级区划'), ...errors(400) } }), async (c) => {
    const parent = c.req.query('parent') ?? ROOT_DIVISION
    if (!DivisionCode.safeParse(parent).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'parent', code: 'invalid_format', message: '上级区划：代码应为 12 位数字' }])
    }
    c.header('cache-control', 'public, max-age=86400')
    return c.json({ items: await childrenOf(parent) })
  })
  .openapi(route({ method: 'get', path: '/{code}/path', summary: '从省到这一级的区划', tags: ['行政区划'], security: [],
    request: { params: pathParams('code') },
    responses: { 200: json(DivisionList, '从省到这一级'), ...errors(400, 404) } }), async (c) => {
    const code = c.req.param('code')
    if (!DivisionCode.safeParse(code).success) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'code', code: 'invalid_format', message: '区划代码应为 12 位数字' }])
    }
    return c.json({ items: await pathTo(code) })
  })
