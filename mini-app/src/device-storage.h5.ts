/**
 * H5: localStorage directly, in the format Taro's H5 storage writes (`{"data": value}` under each
 * key), so what an earlier build stored still reads and index.html's early script finds the
 * session (config/h5-first-screen.ts). Taro's storage module was 6 KB of the staff inbox's
 * first screen for three calls.
 */
export function getDeviceValue(key: string): unknown {
  const raw = localStorage.getItem(key)
  if (raw === null) return undefined
  try {
    const value = (JSON.parse(raw) as { data?: unknown } | null)?.data
    return value === '' || value === null ? undefined : value
  } catch {
    return undefined
  }
}

export function setDeviceValue(key: string, value: unknown): void {
  localStorage.setItem(key, JSON.stringify({ data: value }))
}

export function removeDeviceValue(key: string): void {
  localStorage.removeItem(key)
}
