import * as z from 'zod'

/**
 * The guardian's consent to process the children's personal information. Children under 14
 * count as sensitive personal information, processed only with a guardian's separate consent
 * (PIPL 第二十八条、第三十一条; DOMAIN §8). The text is versioned: the version the guardian
 * agreed to is stored with the time, and a client showing an older text is asked to reload.
 */
export const ENTRUSTMENT_CONSENT_VERSION = 'entrustment-consent-2026-11-v1'

export const entrustmentConsentText = [
  '为登记委托照护，我们需要收集您填写的孩子、父母和照护人的个人信息，包括姓名、身份证号码、出生日期、户口类型、学校、手机号码和务工地点。其中不满十四周岁孩子的信息属于敏感个人信息。',
  '这些信息只用于：通知孩子所在村（社区）的儿童主任和孩子就读的学校、由村里上门核实照护情况、生成委托照护书，以及按规定做好孩子的关爱保护工作。',
  '只有负责的工作人员能查看，手机号和身份证号在页面上隐藏部分号码；我们不会公开，也不会用于其他用途。',
  '您作为孩子的监护人，同意以上处理。您可以随时结束委托，或联系村（居）委会查询、更正这些信息。',
] as const

/** What the client sends: the version it showed, and that the guardian ticked "I agree". */
export const ConsentInput = z.object(
  {
    version: z.string({ error: '请阅读并同意个人信息处理说明' }),
    agreed: z.literal(true, { error: '请阅读并同意个人信息处理说明' }),
  },
  { error: '请阅读并同意个人信息处理说明' },
)
export type ConsentInput = z.infer<typeof ConsentInput>

/** The record kept with the entrustment. */
export const ConsentRecord = z.object({
  version: z.string(),
  agreedAt: z.string(),
  /** The account that recorded it: the parent themselves, or the officer who asked a detained parent. */
  recordedBy: z.string(),
  /** Whose consent it is: the guardian's name as entered. */
  guardianName: z.string(),
})
export type ConsentRecord = z.infer<typeof ConsentRecord>
