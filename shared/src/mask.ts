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

/** Scrubs phone and ID numbers out of free text before it is logged. */
export function scrubForLog(text: string): string {
  return text.replace(idPattern, (m) => maskIdNumber(m)).replace(phonePattern, (m) => maskPhone(m))
}
