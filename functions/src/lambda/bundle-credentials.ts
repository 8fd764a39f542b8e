/**
 * What the Lambda bundles get for `@aws-sdk/credential-provider-node` (an esbuild alias,
 * `BUNDLE_ALIASES` in infra/lib/function-defaults.ts; the local server and the packages
 * installed beside a bundle, such as the S3 client, keep the SDK's own).
 *
 * The SDK's default chain tries environment variables, then SSO, INI profiles, web identity,
 * process credentials and the instance metadata service; in Lambda the execution role's
 * credentials are always in the environment, so the first link answers and the rest never run.
 * Inlined, the rest are ≈95 KB of the bundle (the STS and SSO clients among them), parsed on
 * every cold start. This is the SDK's first link, `fromEnv`, as it reads them.
 */
interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
  accountId?: string
}

export const defaultProvider = () => async (): Promise<Credentials> => {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey) throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)')
  const sessionToken = process.env.AWS_SESSION_TOKEN
  const expiry = process.env.AWS_CREDENTIAL_EXPIRATION
  const accountId = process.env.AWS_ACCOUNT_ID
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry ? { expiration: new Date(expiry) } : {}),
    ...(accountId ? { accountId } : {}),
  }
}

export const credentialsWillNeedRefresh = (credentials?: Credentials) => credentials?.expiration !== undefined
export const credentialsTreatedAsExpired = (credentials?: Credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000
