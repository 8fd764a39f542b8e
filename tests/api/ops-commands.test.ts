import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { call, useApi } from '../support/api-harness'

/**
 * Operations commands (issue #10) run against DynamoDB Local exactly as against a deployed
 * table (`--endpoint` instead of AWS credentials): bootstrap creates the first county officer,
 * load-divisions loads a county with progress; the demo seed refuses to run in the cloud.
 */
useApi()
const run = promisify(execFile)
const repoRootForTests = fileURLToPath(new URL('../..', import.meta.url))

async function bootstrapCli(...args: string[]) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'functions/src/ops/bootstrap.ts', '--endpoint', process.env.DYNAMODB_ENDPOINT!, '--table', process.env.TABLE_NAME!, ...args], {
      cwd: repoRootForTests,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    })
    return { code: 0, stdout, stderr }
  } catch (e: any) {
    return { code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }
  }
}

describe('bootstrap', () => {
  it('creates the first county officer with a temporary password that must be changed, and refuses a second of the same name', async () => {
    const res = await bootstrapCli('--county', '341324', '--username', 'sixian-admin', '--name', '县管理员')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('已为 泗县 创建县级民政账号 sixian-admin（县管理员）')
    const password = /临时密码：(\S+)/.exec(res.stdout)![1]!
    const login = await call('POST', '/auth/staff-login', { body: { username: 'sixian-admin', password } })
    expect(login.status).toBe(200)
    expect(login.body).toMatchObject({ mustChangePassword: true, user: { role: 'county_officer', divisionCode: '341324000000' } })

    const again = await bootstrapCli('--county', '341324', '--username', 'sixian-admin')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('账号 sixian-admin 已存在')
  }, 60_000)

  it('refuses a county whose divisions are not loaded, naming the command to run first', async () => {
    const res = await bootstrapCli('--county', '110101', '--username', 'beijing-admin')
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('npm run load-divisions -w functions -- --county 110101')
  }, 60_000)
})

describe('load-divisions and the demo seed', () => {
  it('loads a county with its townships and villages, reporting progress', async () => {
    const { loadDivisions } = await import('../../functions/src/ops/load-divisions')
    const lines: string[] = []
    const { served, national } = await loadDivisions(['341322'], (l) => lines.push(l))
    expect(served).toBeGreaterThan(200)
    expect(national).toBeGreaterThan(3000)
    expect(lines.some((l) => /写入 \d+\/\d+/.test(l))).toBe(true)
    const { childrenOf } = await import('../../functions/src/data/divisions')
    expect((await childrenOf('341322000000')).length).toBeGreaterThan(5)
    // ~7 s on a quiet machine; a CI machine running every suite at once has taken over 2 minutes.
  }, 300_000)

  it('the demo seed refuses to run without DynamoDB Local', async () => {
    const { seedDemo } = await import('../../functions/src/local/demo-seed')
    const endpoint = process.env.DYNAMODB_ENDPOINT
    delete process.env.DYNAMODB_ENDPOINT
    try {
      await expect(seedDemo()).rejects.toThrow('only against DynamoDB Local')
    } finally {
      process.env.DYNAMODB_ENDPOINT = endpoint
    }
  })
})
