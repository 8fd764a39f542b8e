// Writes ShouhuStack's template without bundling, so `npm start` and `npm test` can create
// the local tables from the same definition that is deployed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { relative } from 'node:path'
import { STACK_NAME } from '../lib/shouhu-stack.js'
import { synthTemplate } from '../lib/synth.js'

const outDir = new URL('../cdk.out/', import.meta.url)
const outFile = new URL(`${STACK_NAME}.template.json`, outDir)
const template = synthTemplate()

mkdirSync(outDir, { recursive: true })
writeFileSync(outFile, JSON.stringify(template, null, 1))

const resources = Object.values(template.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>)
const tables = resources.filter((r) => r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::DynamoDB::GlobalTable')
const indexes = tables.reduce((n, t) => n + ((t.Properties?.GlobalSecondaryIndexes as unknown[] | undefined)?.length ?? 0), 0)
const shown = relative(fileURLToPath(new URL('../../', import.meta.url)), fileURLToPath(outFile))
console.log(`template: ${shown} (${tables.length} table${tables.length === 1 ? '' : 's'}, ${indexes} indexes)`)
