/**
 * Stable error codes for programs; every error also carries a Chinese message for people.
 * One place for both so the mini-app and the API never disagree. No schema library here: every
 * screen that calls the API reads these, the first screen on a slow line included
 * (mini-app/config/h5-first-screen.ts); the error body's schema is in errors.ts.
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

