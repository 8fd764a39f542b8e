/**
 * Writes docs/api.md from the OpenAPI document the API serves (`npm run api:docs`).
 * The prose description of the API is this file's output, never written by hand.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { app } from '../app'
import { apiMarkdown } from '../contract-document'

const res = await app.request('/api/openapi.json')
const target = fileURLToPath(new URL('../../../docs/api.md', import.meta.url))
writeFileSync(target, apiMarkdown((await res.json()) as Record<string, unknown>))
console.log(`wrote ${target}`)
