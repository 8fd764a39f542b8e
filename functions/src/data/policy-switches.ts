import { getItem, putItem } from './table'

/**
 * County policy switches (`SWITCH#<county code>` / `epidemic`): today one, the epidemic procedure
 * of 000 §3(一) — papers supplied later, approval and payment in one month — which a county's
 * civil-affairs officer turns on and off. Read once per application step (one GetItem).
 */
export interface EpidemicSwitch {
  countyCode: string
  on: boolean
  since?: string
  byId?: string
  byName?: string
}

const key = (countyCode: string) => ({ pk: `SWITCH#${countyCode}`, sk: 'epidemic' })

export async function epidemicSwitch(countyCode: string): Promise<EpidemicSwitch> {
  const item = await getItem<EpidemicSwitch>(key(countyCode).pk, key(countyCode).sk, true)
  return item ? { countyCode, on: !!item.on, since: item.since, byId: item.byId, byName: item.byName } : { countyCode, on: false }
}

export async function setEpidemicSwitch(countyCode: string, on: boolean, by: { id: string; displayName: string }, now = new Date()): Promise<EpidemicSwitch> {
  const value: EpidemicSwitch = { countyCode, on, since: now.toISOString(), byId: by.id, byName: by.displayName }
  await putItem({ ...key(countyCode), ...value })
  return value
}
