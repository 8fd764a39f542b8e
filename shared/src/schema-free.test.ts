import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/**
 * These modules are read by screens that must show before the validator arrives (the staff
 * inbox's first screen on a slow line: mini-app/config/h5-first-screen.ts, bench/first-screen.ts).
 * A value imported from a schema module would bring zod (26 KB brotli) back into that screen, so
 * they may import types only.
 */
const schemaFree = ['roles.ts', 'colours.ts', 'report-status.ts', 'error-messages.ts']

describe('modules a first screen reads without the validator', () => {
  for (const file of schemaFree) {
    it(`${file} imports types only`, () => {
      const source = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
      const imports = source.match(/^import .*$/gm) ?? []
      expect(imports.filter((line) => !line.startsWith('import type '))).toEqual([])
    })
  }
})
