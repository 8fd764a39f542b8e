/**
 * Secrets: locally from the environment (set by the dev runner), in the cloud from Secrets
 * Manager. Cached for `SECRET_TTL_SECONDS` (5 minutes by default), so an operator's
 * `npm run set-wechat-secret` reaches every running function within minutes, without a redeploy.
 */
const cache = new Map<string, { at: number; value: Promise<string> }>()
const ttlMs = () => Number(process.env.SECRET_TTL_SECONDS ?? 300) * 1000

async function fromSecretsManager(arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager')
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }))
  if (!out.SecretString) throw new Error(`secret ${arn} has no string value`)
  return out.SecretString
}

/** Reads a secret through the cache; `load` is the Secrets Manager call (replaceable in tests). */
export function cachedSecret(arn: string, load: (arn: string) => Promise<string> = fromSecretsManager, now = Date.now()): Promise<string> {
  const hit = cache.get(arn)
  if (hit && now - hit.at < ttlMs()) return hit.value
  const value = load(arn)
  cache.set(arn, { at: now, value })
  // A failed read is not remembered: the next request tries again.
  value.catch(() => cache.get(arn)?.value === value && cache.delete(arn))
  return value
}

function resolve(envValue: string | undefined, envArn: string | undefined, name: string): Promise<string> {
  if (envValue) return Promise.resolve(envValue)
  if (!envArn) return Promise.reject(new Error(`${name} is not configured`))
  return cachedSecret(envArn)
}

/** Key that signs session tokens and report access tokens. */
export const sessionSecret = () => resolve(process.env.SESSION_SECRET, process.env.SESSION_SECRET_ARN, 'session secret')

/**
 * WeChat mini-program credentials and the subscription-message template ids approved in the
 * WeChat console: `{"appId", "appSecret", "templates": {"reportAlert", "reportUpdate", "entrustmentUpdate", "applicationUpdate"}}`.
 */
export interface WechatSecret {
  appId: string
  appSecret: string
  templates?: Partial<Record<'reportAlert' | 'reportUpdate' | 'entrustmentUpdate' | 'applicationUpdate', string>>
}

export async function wechatCredentials(): Promise<WechatSecret> {
  return JSON.parse(await resolve(process.env.WECHAT_CREDENTIALS, process.env.WECHAT_SECRET_ARN, 'WeChat credentials'))
}
