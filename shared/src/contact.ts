import * as z from 'zod'

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const MobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: '请填写 11 位手机号码' })
export type MobilePhone = z.infer<typeof MobilePhone>

export const PersonName = z
  .string()
  .trim()
  .min(1, { error: '请填写姓名' })
  .max(30, { error: '姓名不超过 30 个字' })
