import * as z from 'zod'

/**
 * Stable error codes for programs; every error also carries a Chinese message for people.
 * One place for both so the mini-app and the API never disagree.
 */
export const errorMessages = {
  VALIDATION_FAILED: '提交的内容有误，请检查标出的项目',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限查看或处理这项内容',
  NOT_FOUND: '没有找到这条记录',
  INVALID_TRANSITION: '当前状态下不能进行这项操作',
  CONFLICT: '这条记录刚被其他人修改，请刷新后再试',
  /** A staff decision made on a record that changed after it was shown: refused, never re-applied. */
  STALE_VERSION: '记录已被他人更新，已为你刷新',
  TOO_MANY_REQUESTS: '查询太频繁了，请过一会儿再试',
  PAYLOAD_TOO_LARGE: '提交的内容太长了，请删减后再提交',
  IDEMPOTENCY_MISMATCH: '同一次提交的内容不一致，请重新提交',
  BAD_CREDENTIALS: '账号或密码不正确',
  TOO_MANY_ATTEMPTS: '登录失败次数过多，请稍后再试',
  PASSWORD_CHANGE_REQUIRED: '请先修改临时密码',
  SESSION_ENDED: '登录已失效，请重新登录',
  ACCOUNT_DISABLED: '此账号已停用，请联系县民政局或乡镇儿童督导员',
  INTERNAL: '系统繁忙，请稍后再试',
} as const
export type ErrorCode = keyof typeof errorMessages

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
    return {
      field,
      code: issue.code,
      // Some schemas name their field themselves (「说明：请填写」): never 「说明：说明：请填写」.
      message: label && !message.startsWith(`${label}：`) ? `${label}：${message}` : message,
    }
  })
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
