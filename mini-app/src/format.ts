const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-11-23 18:05` in the phone's time zone; the raw text when it is not a date. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function formatDate(iso: string | undefined): string {
  return formatTime(iso).slice(0, 10)
}

/**
 * A long reference (the 强制报告回执's number is the report's 22-character key) in groups of four,
 * as it is read aloud or copied onto a form: 「01M8 KCQK PNYB …」.
 */
export function groupedCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}
