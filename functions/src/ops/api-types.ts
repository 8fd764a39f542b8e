/**
 * Writes mini-app/src/api/contract.gen.ts, the mini-app client's types, from the OpenAPI
 * document the API serves (`npm run api:types`). Run it after changing a route, beside
 * `npm run api:docs`; tests/api/contract.test.ts fails while the file is out of date.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { app } from '../app'
import { clientTypes, clientTypesFile } from './client-types'

const res = await app.request('/api/openapi.json')
const target = fileURLToPath(new URL(`../../../${clientTypesFile}`, import.meta.url))
writeFileSync(target, clientTypes((await res.json()) as Record<string, unknown>))
console.log(`wrote ${target}`)
