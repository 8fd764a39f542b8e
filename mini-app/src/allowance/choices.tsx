import { ChoiceGroup, CheckRow as SharedCheckRow } from '../components/choice-group'

/** One choice out of several, as large chips; ids are `<idPrefix>-<value>` (the shared ChoiceGroup). */
export function ChoiceChips<T extends string>(props: { idPrefix: string; options: readonly T[]; labels: Record<T, string>; value: T | ''; onChange: (v: T) => void; label?: string }) {
  return <ChoiceGroup {...props} />
}

/** A tickable row; `id` is on the row (the shared CheckRow). */
export const CheckRow = SharedCheckRow
