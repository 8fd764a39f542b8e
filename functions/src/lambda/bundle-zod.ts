/**
 * What the Lambda bundles get for `import … from 'zod'` (an esbuild alias, `ZOD_ALIAS` in
 * infra/lib/function-defaults.ts; tsx, tests and the local server use zod itself).
 *
 * Every export of zod is here unchanged but `z` and the default export, the namespace object.
 * `@hono/zod-openapi` passes that object to `extendZodWithOpenApi(z)` at load, and a namespace
 * used as a value keeps every module it names in the bundle: zod's ~50 error-message
 * translations (`locales`, 191 KB minified; zod loads only English, and our 400s are our own
 * Chinese messages, shared/src/errors.ts), the JSON-schema converters and the schema compiler.
 * `extendZodWithOpenApi` reads only `ZodType` (to add `.openapi()` to its prototype), so that is
 * all this `z` holds. No code of ours imports `z` or the default (`import * as z from 'zod'`
 * reads named exports).
 */
import { ZodType } from '../../../node_modules/zod/v4/index.js'

export * from '../../../node_modules/zod/v4/index.js'

export const z = { ZodType }
export default z
