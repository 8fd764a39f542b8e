/** Hotlines residents are shown (DOMAIN §1). The app never stands in for the police. */
export const hotlines = [
  { number: '110', label: '报警电话' },
  { number: '12355', label: '青少年服务台' },
  { number: '12338', label: '妇女维权热线' },
] as const
