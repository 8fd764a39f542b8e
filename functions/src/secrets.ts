/**
 * Secrets: locally from the environment (set by the dev runner), in the cloud from Secrets
 * Manager, fetched once per cold start and cached.
 */
const cache = new Map<string, Promise<string>>()

async function fromSecretsManager(arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager')
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }))
  if (!out.SecretString) throw new Error(`secret ${arn} has no string value`)
  return out.SecretString
}

function resolve(envValue: string | undefined, envArn: string | undefined, name: string): Promise<string> {
  if (envValue) return Promise.resolve(envValue)
  if (!envArn) return Promise.reject(new Error(`${name} is not configured`))
  let p = cache.get(envArn)
  if (!p) {
    p = fromSecretsManager(envArn)
    cache.set(envArn, p)
  }
  return p
}

/** Key that signs session tokens and report access tokens. */
export const sessionSecret = () => resolve(process.env.SESSION_SECRET, process.env.SESSION_SECRET_ARN, 'session secret')

/** WeChat mini-program credentials, `{"appId": "...", "appSecret": "..."}`. */
export async function wechatCredentials(): Promise<{ appId: string; appSecret: string }> {
  return JSON.parse(await resolve(process.env.WECHAT_CREDENTIALS, process.env.WECHAT_SECRET_ARN, 'WeChat credentials'))
}
