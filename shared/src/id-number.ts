import * as z from 'zod'

/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit address code, 8-digit
 * birth date, 3-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character.
 * Legacy 15-digit numbers are not accepted: every child born since 1999 has 18 digits.
 */

/** GB/T 2260 province-level prefixes, plus 81–83 for Hong Kong, Macao and Taiwan residence permits. */
export const provincePrefixes: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checkChars = '10X98765432'

/** The check character (ISO 7064 MOD 11-2) for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!
  return checkChars[sum % 11]!
}

/** `YYYY-MM-DD` from an ID number's birth-date part, or undefined when it is not a real date. */
export function birthDateOfId(id: string): string | undefined {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  if (y < 1900) return undefined
  return `${m[1]}-${m[2]}-${m[3]}`
}

export type IdProblem = 'format' | 'province' | 'birth_date' | 'check_digit'

/** Why a number is not a valid ID, or undefined when it is. `today` bounds the birth date. */
export function idNumberProblem(raw: string, today = new Date()): IdProblem | undefined {
  const id = raw.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return 'format'
  if (!provincePrefixes.includes(id.slice(0, 2))) return 'province'
  const birth = birthDateOfId(id)
  if (!birth || birth > today.toISOString().slice(0, 10)) return 'birth_date'
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit'
  return undefined
}

export function isValidIdNumber(raw: string, today = new Date()): boolean {
  return idNumberProblem(raw, today) === undefined
}

const problemMessage: Record<IdProblem, string> = {
  format: '请填写 18 位身份证号码（最后一位可以是 X）',
  province: '身份证号码的前两位不是有效的省份代码',
  birth_date: '身份证号码中的出生日期不正确',
  check_digit: '身份证号码校验位不正确，请核对后重新填写',
}

/** An 18-digit ID number, normalised to upper-case X. */
export const IdNumber = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((id, ctx) => {
    const problem = idNumberProblem(id)
    if (problem) ctx.addIssue({ code: 'custom', message: problemMessage[problem] })
  })
export type IdNumber = z.infer<typeof IdNumber>
