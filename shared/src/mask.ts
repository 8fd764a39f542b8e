/**
 * Masking for what is shown on screen and anything that might reach a log.
 * Phone and ID numbers are never shown or logged in full (PIPL; brief "Privacy").
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return ''
  const digits = phone.replace(/\s+/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

export function maskIdNumber(id: string | undefined | null): string {
  if (!id) return ''
  if (id.length < 8) return '*'.repeat(id.length)
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}

/** Keeps the family name, hides the given name: 张三丰 → 张**. */
export function maskName(name: string | undefined | null): string {
  if (!name) return ''
  const chars = Array.from(name)
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

const phonePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g
const idPattern = /(?<!\d)\d{17}[\dXx](?!\d)/g

// Bank card and account numbers: 15–19 digits (an 18-digit ID is masked first, so never seen here).
const bankAccountPattern = /(?<!\d)\d{15,19}(?!\d)/g

/** Scrubs phone, ID and bank account numbers out of free text before it is logged. */
export function scrubForLog(text: string): string {
  return text
    .replace(idPattern, (m) => maskIdNumber(m))
    .replace(bankAccountPattern, (m) => maskBankAccount(m))
    .replace(phonePattern, (m) => maskPhone(m))
}

/**
 * A bank account for allowance payments, once entered, is only ever shown as its last four
 * digits (issue #4: "masked everywhere after entry"): `6222 0212 3456 7890 123` → `**** 0123`.
 */
export function maskBankAccount(account: string | undefined | null): string {
  if (!account) return ''
  const digits = account.replace(/\s+/g, '')
  if (digits.length <= 4) return '*'.repeat(digits.length)
  return `**** ${digits.slice(-4)}`
}
