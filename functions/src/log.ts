import { scrubForLog } from '@shouhu/shared'

/**
 * Structured one-line JSON logs. Everything passes through `scrubForLog` so a phone or ID
 * number that slips into a message or field is masked before it reaches CloudWatch.
 */
function write(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) {
  if (process.env.LOG_LEVEL === 'silent') return
  const line = scrubForLog(JSON.stringify({ level, msg, ...fields, time: new Date().toISOString() }))
  if (level === 'error') console.error(line)
  else console.log(line)
}

export const log = {
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
}
