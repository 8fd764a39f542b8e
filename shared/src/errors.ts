import * as z from 'zod'

export const FieldError = z.object({
  /** Dotted path of the field, e.g. `reporter.phone`. */
  field: z.string(),
  /** Stable code, e.g. `too_small`, `invalid_format`, `custom`. */
  code: z.string(),
  message: z.string(),
})
export type FieldError = z.infer<typeof FieldError>

export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(FieldError).optional(),
    /** With STALE_VERSION: the record as it is now, so the screen can show it at once. */
    current: z.unknown().optional(),
  }),
})
export type ApiError = z.infer<typeof ApiError>

/**
 * A message that only says "choose it"; fieldErrors completes it with the field's name, so a
 * villager reads 「请选择孩子实际居住的村（社区）」 and never a word about codes or formats.
 */
export const choosePrompt = '请选择'

/**
 * Turns zod issues into field errors. `labels` names each field in Chinese so the message
 * says which one is wrong even when shown away from the form.
 */
export function fieldErrors(error: z.ZodError, labels: Record<string, string> = {}): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(body)'
    const label = labels[field] ?? labels[String(issue.path[0] ?? '')]
    if (issue.message === choosePrompt) {
      return { field, code: issue.code, message: label ? `${choosePrompt}${label}` : '请从列表中选择' }
    }
    const message = hasChinese(issue.message) ? issue.message : (plainDefaults[issue.code] ?? '填写的内容不对')
    return { field, code: issue.code, message: nameOnce(message, label) }
  })
}

/**
 * A message names its field once: 「<label>：」 goes in front unless the message's first clause
 * already holds the label. Schemas often name the field in their own words (「说明：请填写」,
 * 「转出原因：请写清…」 under the label 原因, 「说明不超过 300 字」, 「请选择学校」), which would
 * otherwise read 「原因：转出原因：请写清…」. The one place for this rule, server and screens.
 */
export function nameOnce(message: string, label: string | undefined): string {
  if (!label) return message
  const firstClause = message.split(/[：，。]/)[0] ?? ''
  return firstClause.includes(label) ? message : `${label}：${message}`
}

const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text)

/**
 * Where a schema gives no message of its own for an issue (a number sent where text belongs,
 * say), zod's default is English for programmers: people get these plain words instead, and
 * programs still get the stable code.
 */
const plainDefaults: Record<string, string> = {
  invalid_type: '格式不对',
  too_small: '太短或太小了',
  too_big: '太长或太大了',
  invalid_format: '格式不对',
  invalid_value: '不是可选的内容',
  invalid_union: '格式不对',
  invalid_key: '格式不对',
  invalid_element: '格式不对',
  unrecognized_keys: '有多余的内容',
  not_multiple_of: '数值不对',
  custom: '填写的内容不对',
}

/**
 * The version of a record the staff member was shown. Every staff decision on a report, an
 * entrustment or an application carries it; if the record changed meanwhile the decision is
 * refused (409 STALE_VERSION, with the fresh record), never applied to a state nobody saw.
 */
export const SeenVersion = z.number({ error: '缺少记录版本，请刷新后再操作' }).int().min(0)
export type SeenVersion = z.infer<typeof SeenVersion>

/** A staff action's body with the version it was decided on: `seenVersion(ReviewApplication)`. */
export function seenVersion<S extends z.ZodType<Record<string, unknown>>>(schema: S) {
  return z.intersection(schema, z.object({ version: SeenVersion }))
}
