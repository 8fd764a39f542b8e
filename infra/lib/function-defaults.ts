import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda'
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'

/** Resources every function is configured with; each construct grants its function only what it uses. */
export interface Shared {
  table: ITableV2
  sessionSecret: ISecret
  wechatSecret: ISecret
}

export interface FunctionProps {
  /** Absolute path of the handler file under `functions/src/lambda/`. */
  entry: string
  shared: Shared
  timeout?: Duration
  /** MB; 256 unless the function holds more (the export worker writes a county's workbook). */
  memorySize?: number
  description?: string
  /** Extra environment for this function only. */
  environment?: Record<string, string>
  /** Files copied beside the bundle (paths from the repo root → inside the bundle), e.g. a font. */
  bundleFiles?: { from: string; to: string }[]
  /**
   * The secrets this function reads: only these are granted and named in its environment.
   * Session key: the API signs and checks sessions. WeChat: code2session and message sending.
   */
  secrets?: ('session' | 'wechat')[]
  /**
   * Packages installed beside the bundle instead of inlined in it: for heavy code only some
   * requests need, loaded by a dynamic import, so other cold starts do not parse it.
   */
  nodeModules?: string[]
  /** Packages left out of the bundle and not installed: code this function's routes never reach. */
  externalModules?: string[]
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Packages installed beside every bundle (at the versions in package-lock.json) instead of
 * inlined, and loaded by a dynamic import where a request needs them: the S3 client and
 * presigner (photos, ledger files), exceljs (imports, exports) and unzipper (exceljs's own zip
 * reader, which the ledger import drives through the zip's directory: xlsx-sheets.ts). Inlined
 * they made the API bundle 2.2 MB, parsed on every cold start although most requests never
 * touch them.
 * The DynamoDB client stays inlined: every request uses it, and an inlined copy loads faster
 * than the same package from node_modules (bench `bundle`: its ESM build is hundreds of files).
 */
export const LAZY_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', 'exceljs', 'unzipper']

/** The esbuild settings every function is bundled with; bench/lambda-bundle.ts bundles with the same. */
export const BUNDLE = {
  minify: true,
  sourceMap: true,
  // Stack traces need only the mappings; the sources' text made the map 3× larger, and Node
  // reads the whole map at load with --enable-source-maps (bench `bundle`).
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  // Chinese text (messages, policy clauses) stays UTF-8: escaped as \uXXXX it took twice the bytes.
  charset: 'utf8',
  // CommonJS dependencies bundled into ESM still call require().
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  /**
   * Modules swapped in the bundles only (paths from the repo root; esbuild `--alias`), each
   * explained in its file: zod without its namespace object (which kept zod's ~50 locales and
   * its JSON-schema code, 281 KB), and the SDK's credential chain cut to the environment
   * variables Lambda sets (95 KB). The local server, the tests and the packages installed
   * beside a bundle use the originals.
   */
  aliases: {
    zod: 'functions/src/lambda/bundle-zod.ts',
    '@aws-sdk/credential-provider-node': 'functions/src/lambda/bundle-credentials.ts',
  },
} as const

/** The one place Shouhu's Lambda settings live. */
export function shouhuFunction(scope: Construct, id: string, props: FunctionProps): NodejsFunction {
  const fn = createFunction(scope, id, props)
  const secrets = props.secrets ?? ['session', 'wechat']
  if (secrets.includes('session')) props.shared.sessionSecret.grantRead(fn)
  if (secrets.includes('wechat')) props.shared.wechatSecret.grantRead(fn)
  return fn
}

function createFunction(scope: Construct, id: string, props: FunctionProps): NodejsFunction {
  const { table, sessionSecret, wechatSecret } = props.shared
  const secrets = props.secrets ?? ['session', 'wechat']
  // An explicit log group instead of `logRetention`, which deploys an extra custom-resource Lambda
  // allowed to change the retention of every log group in the account (Resource: *).
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH })
  return new NodejsFunction(scope, id, {
    entry: props.entry,
    description: props.description,
    projectRoot: repoRoot,
    depsLockFilePath: `${repoRoot}package-lock.json`,
    // The newest Node.js Lambda offers; the bundle targets the same major.
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 256,
    timeout: props.timeout ?? Duration.seconds(10),
    logGroup,
    tracing: Tracing.ACTIVE,
    environment: {
      TABLE_NAME: table.tableName,
      NODE_OPTIONS: '--enable-source-maps',
      ESCALATION_MINUTES: '30',
      ...(secrets.includes('session') ? { SESSION_SECRET_ARN: sessionSecret.secretArn } : {}),
      ...(secrets.includes('wechat') ? { WECHAT_SECRET_ARN: wechatSecret.secretArn } : {}),
      // The subscription-message template approved for the mini-program in the WeChat console;
      // operators pass them with `cdk deploy -c wechatTemplateReportAlert=<id>` (and the other two).
      WECHAT_TEMPLATE_REPORT_ALERT: String(scope.node.tryGetContext('wechatTemplateReportAlert') ?? 'unset'),
      WECHAT_TEMPLATE_ENTRUSTMENT_UPDATE: String(scope.node.tryGetContext('wechatTemplateEntrustmentUpdate') ?? 'unset'),
      WECHAT_TEMPLATE_APPLICATION_UPDATE: String(scope.node.tryGetContext('wechatTemplateApplicationUpdate') ?? 'unset'),
      ...props.environment,
    },
    bundling: {
      minify: BUNDLE.minify,
      sourceMap: BUNDLE.sourceMap,
      sourcesContent: BUNDLE.sourcesContent,
      target: BUNDLE.target,
      format: OutputFormat.ESM,
      mainFields: [...BUNDLE.mainFields],
      charset: Charset.UTF8,
      banner: BUNDLE.banner,
      esbuildArgs: Object.fromEntries(Object.entries(BUNDLE.aliases).map(([from, to]) => [`--alias:${from}`, `${repoRoot}${to}`])),
      // The AWS SDK is ours, not the runtime's: the runtime's copy changes under us and is not the
      // version we test against (package-lock.json pins it). Nor is it faster: with the SDK left
      // to the runtime the public API bundle was 418 KB instead of 831 KB, but its cold start took
      // more CPU, not less (import 683–733 ms against 495–553 ms, the SDK then loading from
      // node_modules; bench/README.md). The DynamoDB client is inlined; the lazily loaded packages are installed.
      externalModules: props.externalModules ?? [],
      nodeModules: [...new Set([...LAZY_PACKAGES, ...(props.nodeModules ?? [])])],
      ...(props.bundleFiles?.length
        ? {
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) =>
                props.bundleFiles!.map((f) => `mkdir -p "${outputDir}/${f.to.split('/').slice(0, -1).join('/')}" && cp "${inputDir}/${f.from}" "${outputDir}/${f.to}"`),
            },
          }
        : {}),
    },
  })
}
