/** Amounts are integer fen (分). `formatYuan(448_00)` → `448 元`, `formatYuan(1120_50)` → `1,120.50 元`. */
export function formatYuan(fen: number): string {
  const yuan = Math.floor(fen / 100)
  const rest = fen % 100
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${grouped}${rest ? `.${String(rest).padStart(2, '0')}` : ''} 元`
}

/** Integer division rounded up, for non-negative integers. */
export function ceilDiv(n: number, d: number): number {
  return Math.floor((n + d - 1) / d)
}
